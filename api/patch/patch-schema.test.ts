import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources.js';
import { fieldAt, listStrategyOf, type PatchSchema } from './patch-schema.js';
import { patchSchemaFor } from '../kinds/registry.js';

function schema(kind: string): PatchSchema {
  const found = patchSchemaFor(kind);
  assert.ok(found, `no patch schema for ${kind}`);
  return found;
}

function strategyAt(kind: string, dotted: string): ReturnType<typeof listStrategyOf> {
  return listStrategyOf(fieldAt(schema(kind), dotted.split('.')));
}

const WORKLOADS = ['ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet'];

test('every served kind has a patch schema, other kinds none', () => {
  for (const info of RESOURCES) assert.ok(patchSchemaFor(info.kind), info.kind);
  for (const kind of ['Namespace', 'Node', 'Pod', 'Event', 'Lease', 'ConfigMap', 'Secret', 'Service', 'Endpoints', 'EndpointSlice', 'Job', 'CronJob', 'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', ...WORKLOADS]) assert.ok(patchSchemaFor(kind), kind);
  for (const kind of ['VolumeAttributesClass', 'pod', 'CustomThing', '', 'toString', '__proto__', 'constructor']) {
    assert.equal(patchSchemaFor(kind), undefined, kind);
  }
});

test('object metadata: ownerReferences merge by uid, finalizers as a set', () => {
  for (const kind of ['Namespace', 'Node', 'Pod', 'Event', 'Lease', ...WORKLOADS]) {
    assert.deepEqual(strategyAt(kind, 'metadata.ownerReferences'), { kind: 'merge-by-key', mergeKey: 'uid' }, kind);
    assert.deepEqual(strategyAt(kind, 'metadata.finalizers'), { kind: 'merge-primitives' }, kind);
    assert.deepEqual(strategyAt(kind, 'metadata.managedFields'), { kind: 'replace' }, kind);
  }
});

test('pod spec lists follow the Kubernetes struct tags', () => {
  const expected: Record<string, ReturnType<typeof listStrategyOf>> = {
    'spec.containers': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.initContainers': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.ephemeralContainers': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.volumes': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.imagePullSecrets': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.hostAliases': { kind: 'merge-by-key', mergeKey: 'ip' },
    'spec.topologySpreadConstraints': { kind: 'merge-by-key', mergeKey: 'topologyKey' },
    'spec.tolerations': { kind: 'replace' },
    'spec.readinessGates': { kind: 'replace' },
    'spec.containers.ports': { kind: 'merge-by-key', mergeKey: 'containerPort' },
    'spec.containers.env': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.containers.volumeMounts': { kind: 'merge-by-key', mergeKey: 'mountPath' },
    'spec.containers.volumeDevices': { kind: 'merge-by-key', mergeKey: 'devicePath' },
    'spec.containers.envFrom': { kind: 'replace' },
    'spec.containers.command': { kind: 'replace' },
    'spec.containers.args': { kind: 'replace' },
    'spec.initContainers.env': { kind: 'merge-by-key', mergeKey: 'name' },
    'spec.ephemeralContainers.volumeMounts': { kind: 'merge-by-key', mergeKey: 'mountPath' },
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms': { kind: 'replace' },
    'status.conditions': { kind: 'merge-by-key', mergeKey: 'type' },
    'status.podIPs': { kind: 'merge-by-key', mergeKey: 'ip' },
    'status.containerStatuses': { kind: 'replace' },
    'status.initContainerStatuses': { kind: 'replace' },
  };
  for (const [path, strategy] of Object.entries(expected)) assert.deepEqual(strategyAt('Pod', path), strategy, path);
});

test('volumes are unions: their elements carry retainKeys; containers do not', () => {
  assert.equal(fieldAt(schema('Pod'), ['spec', 'volumes'])?.retainKeys, true);
  assert.notEqual(fieldAt(schema('Pod'), ['spec', 'containers'])?.retainKeys, true);
});

test('workload pod templates use the pod spec and object metadata', () => {
  const podSpec = fieldAt(schema('Pod'), ['spec']);
  for (const kind of WORKLOADS) {
    assert.equal(fieldAt(schema(kind), ['spec', 'template', 'spec']), podSpec, kind);
    assert.deepEqual(strategyAt(kind, 'spec.template.spec.containers.env'), { kind: 'merge-by-key', mergeKey: 'name' }, kind);
    assert.equal(fieldAt(schema(kind), ['spec', 'template', 'spec', 'volumes'])?.retainKeys, true, kind);
    assert.deepEqual(strategyAt(kind, 'spec.template.metadata.finalizers'), { kind: 'merge-primitives' }, kind);
    assert.deepEqual(strategyAt(kind, 'status.conditions'), { kind: 'merge-by-key', mergeKey: 'type' }, kind);
    assert.deepEqual(strategyAt(kind, 'spec.selector.matchExpressions'), { kind: 'replace' }, kind);
  }
});

test('deployment strategy keeps only the keys the patch names; other update strategies merge', () => {
  assert.equal(fieldAt(schema('Deployment'), ['spec', 'strategy'])?.retainKeys, true);
  assert.equal(fieldAt(schema('DaemonSet'), ['spec', 'updateStrategy'])?.retainKeys, undefined);
  assert.equal(fieldAt(schema('StatefulSet'), ['spec', 'updateStrategy'])?.retainKeys, undefined);
  assert.deepEqual(strategyAt('StatefulSet', 'spec.volumeClaimTemplates'), { kind: 'replace' });
});

test('node: taints and images replace, addresses and conditions merge by type, podCIDRs as a set', () => {
  assert.deepEqual(strategyAt('Node', 'spec.taints'), { kind: 'replace' });
  assert.deepEqual(strategyAt('Node', 'spec.podCIDRs'), { kind: 'merge-primitives' });
  assert.deepEqual(strategyAt('Node', 'status.addresses'), { kind: 'merge-by-key', mergeKey: 'type' });
  assert.deepEqual(strategyAt('Node', 'status.conditions'), { kind: 'merge-by-key', mergeKey: 'type' });
  assert.deepEqual(strategyAt('Node', 'status.images'), { kind: 'replace' });
});

test('namespace: spec.finalizers replace, status.conditions merge by type', () => {
  assert.deepEqual(strategyAt('Namespace', 'spec.finalizers'), { kind: 'replace' });
  assert.deepEqual(strategyAt('Namespace', 'status.conditions'), { kind: 'merge-by-key', mergeKey: 'type' });
});

test('unknown paths have no entry and replace', () => {
  assert.equal(fieldAt(schema('Pod'), ['spec', 'nope']), undefined);
  assert.equal(fieldAt(schema('Pod'), ['toString']), undefined);
  assert.equal(fieldAt(undefined, ['spec']), undefined);
  assert.deepEqual(listStrategyOf(undefined), { kind: 'replace' });
});
