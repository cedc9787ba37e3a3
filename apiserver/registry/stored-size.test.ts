import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { encodeObject } from '../storage/codec.js';
import { encodeWithinLimit, MAX_STORED_OBJECT_BYTES, SERVER_WRITE_ALLOWANCE_BYTES } from './stored-size.js';

const DEPLOYMENTS = findResource('deployments') as ResourceInfo;

/** A deployment whose stored form takes exactly `bytes` bytes. */
function deploymentOfSize(bytes: number): KubeObject {
  const obj: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'big', resourceVersion: '7' }, spec: { pad: '' } };
  const overhead = Buffer.byteLength(encodeObject(obj));
  (obj.spec as { pad: string }).pad = 'x'.repeat(bytes - overhead);
  return obj;
}

describe('encodeWithinLimit', () => {
  it('encodes objects up to the limit, without resourceVersion', () => {
    const value = encodeWithinLimit(DEPLOYMENTS, deploymentOfSize(MAX_STORED_OBJECT_BYTES));
    assert.equal(Buffer.byteLength(value), MAX_STORED_OBJECT_BYTES);
    assert.ok(!value.includes('"resourceVersion"'));
  });

  it('refuses a larger object by name', () => {
    assert.throws(
      () => encodeWithinLimit(DEPLOYMENTS, deploymentOfSize(MAX_STORED_OBJECT_BYTES + 1)),
      (err) => isApiError(err, 'BadRequest') && err.message === `deployments.apps "big" is too large to store: ${MAX_STORED_OBJECT_BYTES + 1} bytes, the limit is ${MAX_STORED_OBJECT_BYTES}`,
    );
  });

  it('leaves room for what the server adds, so a full object can still be deleted', () => {
    const marked = deploymentOfSize(MAX_STORED_OBJECT_BYTES + 100);
    assert.doesNotThrow(() => encodeWithinLimit(DEPLOYMENTS, marked, SERVER_WRITE_ALLOWANCE_BYTES));
  });
});
