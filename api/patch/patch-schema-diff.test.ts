import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatchSchema } from './patch-schema.js';
import { patchSchemaDifferences, patchSchemaPaths } from './patch-schema-diff.js';

const SCHEMA: PatchSchema = {
  fields: {
    spec: {
      schema: {
        fields: {
          volumes: { list: 'merge', mergeKey: 'name', retainKeys: true, schema: { fields: {} } },
          tolerations: { list: 'replace' },
          finalizers: { list: 'merge' },
          strategy: { retainKeys: true },
        },
      },
    },
  },
};

test('paths name every entry, nested ones included', () => {
  assert.deepEqual(patchSchemaPaths(SCHEMA).map((p) => p.join('.')), [
    'spec',
    'spec.volumes',
    'spec.tolerations',
    'spec.finalizers',
    'spec.strategy',
  ]);
});

test('a listed replace and an absent entry patch alike', () => {
  const withoutReplace: PatchSchema = structuredClone(SCHEMA);
  delete (withoutReplace.fields.spec!.schema!.fields as Record<string, unknown>).tolerations;
  assert.deepEqual(patchSchemaDifferences(SCHEMA, withoutReplace), []);
  const extraReplace: PatchSchema = { fields: { ...SCHEMA.fields, status: { schema: { fields: { items: { list: 'replace' } } } } } };
  assert.deepEqual(patchSchemaDifferences(SCHEMA, extraReplace), []);
});

test('a lost merge key, retainKeys or merge directive is reported, either way round', () => {
  const broken: PatchSchema = {
    fields: {
      spec: {
        schema: {
          fields: {
            volumes: { list: 'merge', mergeKey: 'mountPath', schema: { fields: {} } },
            tolerations: { list: 'merge', mergeKey: 'key', schema: { fields: {} } },
            strategy: {},
          },
        },
      },
    },
  };
  assert.deepEqual(patchSchemaDifferences(SCHEMA, broken), [
    'spec.volumes: expected merge by name, retainKeys, got merge by mountPath',
    'spec.tolerations: expected replace, got merge by key',
    'spec.finalizers: expected merge-primitives, got replace',
    'spec.strategy: expected replace, retainKeys, got replace',
  ]);
});
