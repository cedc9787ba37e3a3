import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayOf, mergedList, object, preserved, ref, str, strings } from './builders.js';
import { patchSchemaFromOpenApi } from './patch-schema-from-openapi.js';
import type { ComponentTable } from './schema.js';

const TABLE: ComponentTable = {
  'x.Root': object({
    name: str(),
    containers: mergedList('x.Item', 'name'),
    volumes: mergedList('x.Plain', 'name', { 'x-kubernetes-patch-strategy': 'merge,retainKeys' }),
    finalizers: arrayOf(str(), { 'x-kubernetes-patch-strategy': 'merge' }),
    args: strings(),
    strategy: ref('x.Plain', { 'x-kubernetes-patch-strategy': 'retainKeys' }),
    nested: ref('x.Nested'),
    plain: ref('x.Plain'),
    opaque: preserved('anything'),
    recursive: ref('x.Recursive'),
  }),
  'x.Item': object({ name: str(), ports: mergedList('x.Plain', 'port'), command: strings() }),
  'x.Plain': object({ name: str(), port: str() }),
  'x.Nested': object({ deeper: ref('x.Item') }),
  'x.Recursive': object({ again: ref('x.Recursive'), tags: arrayOf(str(), { 'x-kubernetes-patch-strategy': 'merge' }) }),
};

test('patch extensions become list strategies, merge keys and retainKeys; lists without them replace', () => {
  const item = {
    list: 'merge',
    mergeKey: 'name',
    schema: { fields: { ports: { list: 'merge', mergeKey: 'port', schema: { fields: {} } }, command: { list: 'replace' } } },
  };
  assert.deepEqual(patchSchemaFromOpenApi('x.Root', TABLE), {
    fields: {
      containers: item,
      volumes: { list: 'merge', mergeKey: 'name', retainKeys: true, schema: { fields: {} } },
      finalizers: { list: 'merge' },
      args: { list: 'replace' },
      strategy: { retainKeys: true },
      nested: { schema: { fields: { deeper: { schema: item.schema } } } },
      recursive: { schema: { fields: { tags: { list: 'merge' } } } },
    },
  });
});

test('an unknown root is an error', () => {
  assert.throws(() => patchSchemaFromOpenApi('x.None', TABLE), /x\.None/);
});

test('a component reached twice, or from two roots, yields the very same entry', () => {
  const root = patchSchemaFromOpenApi('x.Root', TABLE);
  const again = patchSchemaFromOpenApi('x.Nested', TABLE);
  assert.equal(again.fields.deeper, root.fields.nested?.schema?.fields.deeper);
});
