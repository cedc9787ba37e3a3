import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayOf, object, preserved, ref, str, stringMap } from './builders.js';
import type { ComponentTable } from './schema.js';
import { unknownFields } from './unknown-fields.js';

const TABLE: ComponentTable = {
  'x.Root': object({
    name: str(),
    labels: stringMap(),
    items: arrayOf(ref('x.Item')),
    opaque: preserved('anything'),
    item: ref('x.Item', { default: {} }),
  }),
  'x.Item': object({ port: str() }),
};

test('members the schema declares pass; others are reported with their path', () => {
  const value = {
    name: 'a',
    labels: { anything: 'goes' },
    items: [{ port: '80' }, { port: '81', prot: 'TCP' }],
    opaque: { deep: { whatever: [1] } },
    item: { port: 'x', extra: true },
    typo: 1,
    nothing: null,
  };
  assert.deepEqual(unknownFields(value, { $ref: '#/components/schemas/x.Root' }, TABLE), [
    '.items[1].prot',
    '.item.extra',
    '.typo',
    '.nothing',
  ]);
});
