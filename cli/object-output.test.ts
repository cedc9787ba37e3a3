import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';
import { formatObjects, parseOutputFormat, toJson, toYaml } from './object-output.js';

const pod: KubeObject = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'a', creationTimestamp: '2026-01-02T03:04:05Z', labels: { b: 'on', a: '1' } },
  spec: { containers: [{ name: 'c', image: 'busybox', args: ['sleep', '3600'] }] },
};

test('YAML with sorted keys, flush sequences and quoted ambiguous strings', () => {
  assert.equal(
    toYaml(pod),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  creationTimestamp: "2026-01-02T03:04:05Z"',
      '  labels:',
      '    a: "1"',
      '    b: "on"',
      '  name: a',
      'spec:',
      '  containers:',
      '  - args:',
      '    - sleep',
      '    - "3600"',
      '    image: busybox',
      '    name: c',
      '',
    ].join('\n'),
  );
});

test('JSON with sorted keys and four-space indent', () => {
  const json = toJson({ b: 1, a: { d: [1], c: true } });
  assert.equal(json, '{\n    "a": {\n        "c": true,\n        "d": [\n            1\n        ]\n    },\n    "b": 1\n}\n');
});

test('one requested object prints alone, anything else as a List', () => {
  assert.match(formatObjects([pod], 'yaml', true), /^apiVersion: v1\nkind: Pod\n/);
  const list = JSON.parse(formatObjects([pod], 'json', false));
  assert.equal(list.kind, 'List');
  assert.deepEqual(list.metadata, { resourceVersion: '' });
  assert.equal(list.items.length, 1);
  assert.match(formatObjects([], 'yaml', false), /items: \[\]\nkind: List/);
});

test('output formats', () => {
  assert.equal(parseOutputFormat(undefined), 'table');
  assert.equal(parseOutputFormat('wide'), 'wide');
  assert.throws(
    () => parseOutputFormat('xml'),
    (err: unknown) => err instanceof CliError && err.message === 'unable to match a printer suitable for the output format "xml", allowed formats are: json,name,wide,yaml',
  );
  assert.throws(() => parseOutputFormat('wide', ['yaml', 'json', 'name']), /allowed formats are: json,name,yaml/);
});
