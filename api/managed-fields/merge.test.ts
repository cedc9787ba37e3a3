import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../resources.js';
import { compareObjects } from './compare.js';
import { mergeConfiguration } from './merge.js';
import { rootTypeOf } from './schema-type.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const POD = rootTypeOf(resources.pods.schema);

const pod = (spec: Json, metadata: Json = { name: 'p' }): Json => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });

describe('mergeConfiguration', () => {
  it('merges list-map items by key: shared items in the configuration order, live-only ones kept in place', () => {
    const live = pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y', args: ['1'] }, { name: 'c', image: 'z' }] });
    const config = pod({ containers: [{ name: 'c', image: 'z2' }, { name: 'a', image: 'x' }, { name: 'd', image: 'w' }] });
    const merged = mergeConfiguration(live, config, POD);
    assert.deepEqual(merged.spec.containers.map((c: Json) => `${c.name}:${c.image}`), ['c:z2', 'a:x', 'b:y', 'd:w']);
    assert.deepEqual(merged.spec.containers[2].args, ['1']);
    assert.equal(live.spec.containers[2].image, 'z', 'the live object is left alone');
  });

  it('replaces atomic lists whole, unions sets, merges granular maps and clears on null', () => {
    const live = pod({ containers: [{ name: 'a', image: 'x', args: ['1', '2'] }] }, { name: 'p', finalizers: ['f1'], labels: { a: '1', b: '2' } });
    const config = pod({ containers: [{ name: 'a', args: ['3'] }] }, { name: 'p', finalizers: ['f2'], labels: { b: null, c: '3' } });
    const merged = mergeConfiguration(live, config, POD);
    assert.deepEqual(merged.spec.containers[0], { name: 'a', image: 'x', args: ['3'] });
    assert.deepEqual(merged.metadata.finalizers, ['f1', 'f2']);
    assert.deepEqual(merged.metadata.labels, { a: '1', c: '3' });
  });

  it('refuses a list-map item without its key', () => {
    assert.throws(() => mergeConfiguration(pod({ containers: [] }), pod({ containers: [{ image: 'x' }] }), POD), /omits key field "name"/);
  });
});

describe('compareObjects', () => {
  it('tells added, modified and removed fields apart; added maps and list items count themselves', () => {
    const before = pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }, { name: 'p' });
    const after = pod({ containers: [{ name: 'a', image: 'x2' }, { name: 'c', image: 'z' }] }, { name: 'p', labels: { k: 'v' } });
    const c = compareObjects(before, after, POD);
    assert.deepEqual(c.modified.paths(), [['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image']]);
    assert.deepEqual(c.added.paths(), [
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:k'],
      ['f:spec', 'f:containers', 'k:{"name":"c"}'],
      ['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'],
      ['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:name'],
    ]);
    assert.deepEqual(c.removed.paths()[0], ['f:spec', 'f:containers', 'k:{"name":"b"}']);
    assert.ok(compareObjects(after, after, POD).added.isEmpty());
  });
});
