import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import {
  assertKeySegment,
  checkTypeMeta,
  jsonDepth,
  MAX_JSON_DEPTH,
  parseJson,
  parseObject,
  preconditionResourceVersion,
  resolveNamespace,
} from './request-body.js';

const PODS = findResource('pods') as ResourceInfo;
const NODES = findResource('nodes') as ResourceInfo;

function badRequest(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err) => isApiError(err, 'BadRequest') && message.test(err.message));
}

describe('checkTypeMeta', () => {
  it('accepts the resource kind, or nothing', () => {
    checkTypeMeta({ apiVersion: 'v1', kind: 'Pod' }, PODS);
    checkTypeMeta({}, PODS);
    checkTypeMeta({ kind: 'Pod' }, PODS);
  });

  it('names both the sent kind and the resource', () => {
    badRequest(() => checkTypeMeta({ apiVersion: 'apps/v1', kind: 'Deployment' }, PODS), /Deployment.*pods/);
    badRequest(() => checkTypeMeta({ apiVersion: 'example.com/v1', kind: 'Widget' }, PODS), /Widget.*pods/);
    badRequest(() => checkTypeMeta({ apiVersion: 'apps/v1', kind: 'Pod' }, PODS), /apps\/v1/);
  });
});

describe('parseObject', () => {
  it('fills apiVersion, kind and metadata', () => {
    const obj = parseObject('{"spec":{}}', PODS);
    assert.equal(obj.apiVersion, 'v1');
    assert.equal(obj.kind, 'Pod');
    assert.deepEqual(obj.metadata, {});
  });

  it('refuses what is not a JSON object', () => {
    badRequest(() => parseObject('[1]', PODS), /JSON object/);
    badRequest(() => parseObject('{', PODS), /not valid JSON/);
  });
});

describe('resolveNamespace', () => {
  it('lets the request and the body agree, defaulting to default', () => {
    assert.equal(resolveNamespace(PODS, 'a', 'a'), 'a');
    assert.equal(resolveNamespace(PODS, '', 'b'), 'b');
    assert.equal(resolveNamespace(PODS, 'c', undefined), 'c');
    assert.equal(resolveNamespace(PODS, '', undefined), 'default');
    assert.equal(resolveNamespace(NODES, 'a', 'b'), '');
    badRequest(() => resolveNamespace(PODS, 'a', 'b'), /does not match/);
  });
});

describe('assertKeySegment', () => {
  it('refuses what would escape one key segment', () => {
    assertKeySegment('web-1', 'name');
    badRequest(() => assertKeySegment('a/b', 'name'), /may not contain/);
    badRequest(() => assertKeySegment('..', 'namespace'), /may not contain/);
    badRequest(() => assertKeySegment('', 'name'), /must name/);
  });
});

describe('preconditionResourceVersion', () => {
  it('reads unset and "0" as unconditional, digits as the revision to match', () => {
    assert.equal(preconditionResourceVersion(undefined), '');
    assert.equal(preconditionResourceVersion(null), '');
    assert.equal(preconditionResourceVersion(''), '');
    assert.equal(preconditionResourceVersion('0'), '');
    assert.equal(preconditionResourceVersion('42'), '42');
  });

  it('refuses anything else, naming the field', () => {
    for (const value of ['abc', '-1', 42, {}]) {
      badRequest(() => preconditionResourceVersion(value), /^metadata\.resourceVersion: Invalid value: /);
    }
  });
});

describe('parseJson', () => {
  const nested = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

  it('measures nesting without recursion', () => {
    assert.equal(jsonDepth(1), 0);
    assert.equal(jsonDepth({ a: [1, { b: {} }] }), 4);
    assert.equal(jsonDepth(JSON.parse(nested(50_000)), 10), 11, 'stops counting past the limit');
  });

  it('refuses documents nested deeper than the limit, which would overflow the stack later', () => {
    assert.equal(jsonDepth(parseJson(nested(MAX_JSON_DEPTH), 'object')), MAX_JSON_DEPTH);
    badRequest(() => parseJson(nested(MAX_JSON_DEPTH + 1), 'object'), /the object nests objects and arrays more than 100 levels deep/);
    badRequest(() => parseJson(`{"spec":${nested(5_000)}}`, 'patch'), /the patch nests/);
  });
});

describe('integers JSON cannot hold exactly', () => {
  it('are refused at decoding, naming the object and the field', () => {
    const body = '{"kind":"Pod","metadata":{"name":"p"},"spec":{"activeDeadlineSeconds":99999999999999999999}}';
    badRequest(() => parseObject(body, PODS), /^Pod "p" is invalid: spec\.activeDeadlineSeconds: Invalid value: 99999999999999999999: integers beyond/);
    badRequest(() => parseJson('[{"op":"add","path":"/x","value":9007199254740993}]', 'patch'), /^the patch is invalid: \[0\]\.value:/);
  });
});

describe('metadata that is not an object', () => {
  it('is refused as such, not replaced by an empty one', () => {
    assert.throws(
      () => parseObject('{"kind":"Pod","metadata":"p"}', PODS),
      (err) => isApiError(err, 'Invalid') && /metadata: Invalid value: "p": must be an object/.test(err.message),
    );
  });
});
