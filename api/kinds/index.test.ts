import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources.js';
import { strategyFor } from '../strategy.js';
import type { KubeObject } from '../types/meta.js';
import {
  createErrors,
  daemonSetFixture,
  deploymentFixture,
  eventFixture,
  leaseFixture,
  namespaceFixture,
  nodeFixture,
  podFixture,
  replicaSetFixture,
  statefulSetFixture,
  statusErrors,
  updateErrors,
} from './fixtures.js';
import { STRATEGIES } from './index.js';

const FIXTURES: Record<string, () => KubeObject> = {
  Namespace: namespaceFixture,
  Node: nodeFixture,
  Pod: podFixture,
  Event: eventFixture,
  Lease: leaseFixture,
  ReplicaSet: replicaSetFixture,
  Deployment: deploymentFixture,
  DaemonSet: daemonSetFixture,
  StatefulSet: statefulSetFixture,
};

describe('STRATEGIES', () => {
  it('has a strategy for every served kind', () => {
    for (const info of RESOURCES) {
      assert.ok(STRATEGIES[info.kind], info.kind);
      assert.equal(strategyFor(info), STRATEGIES[info.kind]);
    }
    assert.deepEqual(Object.keys(STRATEGIES).sort(), RESOURCES.map((r) => r.kind).sort());
  });

  for (const [kind, fixture] of Object.entries(FIXTURES)) {
    it(`${kind}: a valid object passes create, a no-op update and a no-op status update`, () => {
      assert.deepEqual(createErrors(fixture()), []);
      assert.deepEqual(updateErrors(fixture(), fixture()), []);
      assert.deepEqual(statusErrors(fixture(), fixture()), []);
    });

    it(`${kind}: defaults do not mutate anything but the object given, and never throw on junk`, () => {
      const obj = fixture();
      const before = structuredClone(obj);
      const copy = structuredClone(obj);
      STRATEGIES[kind].applyDefaults(copy);
      assert.deepEqual(obj, before);
      for (const junk of [{ spec: 5 }, { spec: null }, { spec: [] }, { spec: { template: 'x' } }, { status: 'x' }]) {
        const odd = { ...structuredClone(obj), ...junk } as KubeObject;
        STRATEGIES[kind].applyDefaults(odd);
        assert.ok(Array.isArray(STRATEGIES[kind].validate(odd)));
        assert.ok(Array.isArray(STRATEGIES[kind].validateUpdate(odd, fixture())));
        assert.ok(Array.isArray(STRATEGIES[kind].validateStatusUpdate(odd, fixture())));
      }
    });

    it(`${kind}: metadata is validated (name required)`, () => {
      const obj = fixture();
      delete obj.metadata.name;
      assert.ok(createErrors(obj).includes('metadata.name: Required value: name or generateName is required'));
    });
  }
});
