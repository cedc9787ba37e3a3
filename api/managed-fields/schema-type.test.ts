import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../kinds/registry.js';
import { resources } from '../resources.js';
import { concrete, rootTypeOf, type FieldType, type ListType, type MapType } from './schema-type.js';

function at(type: FieldType, ...path: string[]): FieldType {
  let t = type;
  for (const part of path) {
    if (t.kind === 'list') t = t.item;
    if (t.kind !== 'map') throw new Error(`${part}: not a map`);
    t = t.member(part);
  }
  return t;
}

const POD = rootTypeOf(resources.pods.schema);
const DEPLOYMENT = rootTypeOf(resources.deployments.schema);

describe('merge types read off the kind schemas', () => {
  it('keys containers by name and ports by port and protocol, with the protocol default', () => {
    const containers = at(POD, 'spec', 'containers') as ListType;
    assert.equal(containers.list, 'map');
    assert.deepEqual(containers.keys, ['name']);
    const ports = at(containers, 'ports') as ListType;
    assert.deepEqual([ports.list, ports.keys, ports.keyDefaults], ['map', ['containerPort', 'protocol'], { protocol: 'TCP' }]);
  });

  it('treats finalizers as a set, tolerations and args as atomic lists, selectors as atomic maps', () => {
    assert.equal((at(POD, 'metadata', 'finalizers') as ListType).list, 'set');
    assert.equal((at(POD, 'spec', 'tolerations') as ListType).list, 'atomic');
    assert.equal((at(POD, 'spec', 'containers', 'args') as ListType).list, 'atomic');
    assert.equal((at(DEPLOYMENT, 'spec', 'selector') as MapType).atomic, true);
    assert.equal((at(DEPLOYMENT, 'metadata', 'labels') as MapType).atomic, false);
    assert.equal((at(DEPLOYMENT, 'metadata', 'labels') as MapType).struct, false);
  });

  it('deduces what the schema leaves open from the value', () => {
    const open = at(POD, 'metadata', 'managedFields', 'fieldsV1');
    assert.equal(open.kind, 'deduced');
    assert.equal(concrete(open, { a: 1 }).kind, 'map');
    assert.equal((concrete(open, [1]) as ListType).list, 'atomic');
    assert.equal(concrete(open, 'x').kind, 'scalar');
    assert.equal(at(POD, 'spec', 'notAField').kind, 'deduced');
  });

  it('resolves every member of every served kind', () => {
    for (const kind of KINDS) {
      const seen = new Set<FieldType>();
      const walk = (t: FieldType): void => {
        if (seen.has(t)) return;
        seen.add(t);
        if (t.kind === 'list') walk(t.item);
        if (t.kind === 'map') for (const name of t.fields()) walk(t.member(name));
      };
      const root = rootTypeOf(kind.schema);
      assert.equal(root.kind, 'map', kind.kind);
      walk(root);
      assert.ok(seen.size > 3, kind.kind);
    }
  });
});
