import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet } from './field-set.js';
import { describePath, keyElement } from './path-element.js';

const CONTAINER = keyElement({ name: 'web' });

describe('FieldSet', () => {
  it('writes FieldsV1 as Kubernetes does: leaves as {}, members with children marked "."', () => {
    const set = FieldSet.fromPaths([
      ['f:spec', 'f:replicas'],
      ['f:spec', 'f:containers', CONTAINER],
      ['f:spec', 'f:containers', CONTAINER, 'f:image'],
    ]);
    assert.deepEqual(set.toFieldsV1(), {
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } }, 'f:replicas': {} },
    });
  });

  it('reads back what it wrote, and refuses what is not FieldsV1', () => {
    const doc = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:data': { 'v:"a"': {} } };
    const set = FieldSet.fromFieldsV1(doc);
    assert.deepEqual(set.toFieldsV1(), doc);
    assert.ok(set.has(['f:metadata', 'f:labels']));
    assert.ok(!set.has(['f:metadata']));
    assert.throws(() => FieldSet.fromFieldsV1({ spec: {} }), /unknown path element/);
    assert.throws(() => FieldSet.fromFieldsV1([]), /JSON object/);
  });

  it('unions, subtracts and intersects members, keeping children apart from their parent', () => {
    const a = FieldSet.fromPaths([['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d']]);
    const b = FieldSet.fromPaths([['f:b', 'f:c'], ['f:e']]);
    assert.deepEqual(a.union(b).paths(), [['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d'], ['f:e']]);
    assert.deepEqual(a.difference(b).paths(), [['f:a'], ['f:b', 'f:d']]);
    assert.deepEqual(a.intersection(b).paths(), [['f:b', 'f:c']]);
    const parentOnly = FieldSet.fromPaths([['f:b']]);
    assert.deepEqual(FieldSet.fromPaths([['f:b'], ['f:b', 'f:c']]).difference(parentOnly).paths(), [['f:b', 'f:c']]);
    assert.ok(a.difference(a).isEmpty());
  });

  it('prints paths as conflict messages name them', () => {
    assert.equal(describePath(['f:spec', 'f:replicas']), '.spec.replicas');
    assert.equal(
      describePath(['f:spec', 'f:ports', keyElement({ protocol: 'TCP', containerPort: 80 }), 'f:name']),
      '.spec.ports[containerPort=80,protocol="TCP"].name',
    );
    assert.equal(describePath(['f:metadata', 'f:finalizers', 'v:"x"']), '.metadata.finalizers[="x"]');
  });
});
