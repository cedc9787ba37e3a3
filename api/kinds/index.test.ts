import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources.js';
import type { KubeObject } from '../types/meta.js';
import {
  createErrors,
  daemonSetFixture,
  deploymentFixture,
  eventFixture,
  configMapFixture,
  cronJobFixture,
  jobFixture,
  leaseFixture,
  namespaceFixture,
  nodeFixture,
  podFixture,
  replicaSetFixture,
  secretFixture,
  serviceAccountFixture,
  statefulSetFixture,
  serviceFixture,
  endpointsFixture,
  endpointSliceFixture,
  statusErrors,
  strategyOf,
  updateErrors,
} from './fixtures.js';
import { KINDS, kindNamed } from './registry.js';

const FIXTURES: Record<string, () => KubeObject> = {
  Namespace: namespaceFixture,
  Node: nodeFixture,
  Pod: podFixture,
  Event: eventFixture,
  Lease: leaseFixture,
  ConfigMap: configMapFixture,
  Secret: secretFixture,
  ServiceAccount: serviceAccountFixture,
  ReplicaSet: replicaSetFixture,
  Deployment: deploymentFixture,
  DaemonSet: daemonSetFixture,
  StatefulSet: statefulSetFixture,
  Job: jobFixture,
  CronJob: cronJobFixture,
  Service: serviceFixture,
  Endpoints: endpointsFixture,
  EndpointSlice: endpointSliceFixture,
};

describe('kind strategies', () => {
  it('has a strategy for every served kind, each kind defined once', () => {
    for (const info of RESOURCES) {
      assert.ok(info.strategy, info.kind);
      assert.equal(kindNamed(info.kind), info);
    }
    assert.deepEqual(KINDS.map((k) => k.kind).sort(), RESOURCES.map((r) => r.kind).sort());
    assert.equal(new Set(KINDS.map((k) => `${k.plural}.${k.group}`)).size, KINDS.length);
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
      strategyOf(kind).applyDefaults(copy);
      assert.deepEqual(obj, before);
      for (const junk of [{ spec: 5 }, { spec: null }, { spec: [] }, { spec: { template: 'x' } }, { status: 'x' }]) {
        const odd = { ...structuredClone(obj), ...junk } as KubeObject;
        strategyOf(kind).applyDefaults(odd);
        assert.ok(Array.isArray(strategyOf(kind).validate(odd)));
        assert.ok(Array.isArray(strategyOf(kind).validateUpdate(odd, fixture())));
        assert.ok(Array.isArray(strategyOf(kind).validateStatusUpdate(odd, fixture())));
      }
    });

    it(`${kind}: metadata is validated (name required)`, () => {
      const obj = fixture();
      delete obj.metadata.name;
      assert.ok(createErrors(obj).includes('metadata.name: Required value: name or generateName is required'));
    });
  }
});
