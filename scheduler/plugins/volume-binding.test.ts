import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { makeClaim, makeClaimPod, makeStorageClass, makeVolume } from '../../testkit/objects/storage-objects.js';
import { filterVerdicts, nodeInfo } from '../framework/framework-fixtures.js';
import { Framework } from '../framework/framework.js';
import { newPodInfo } from '../framework/pod-info.js';
import { FitError } from '../framework/fit-error.js';
import { PreFilterRejection, type FilterPlugin } from '../framework/types.js';
import { VOLUME_BIND_TIMEOUT_MS, VolumeBinding, type VolumeBindingApi } from './volume-binding.js';
import type { VolumeListers } from './volume-claims.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

class FakeCluster implements VolumeListers, VolumeBindingApi {
  claims = new Map<string, PersistentVolumeClaim>();
  pvs = new Map<string, PersistentVolume>();
  classes = new Map<string, StorageClass>();
  writes: string[] = [];
  /** Called after each write, to play the PV controller. */
  onWrite: () => void = () => undefined;

  constructor(objects: (PersistentVolumeClaim | PersistentVolume | StorageClass)[]) {
    for (const o of objects) this.put(o);
  }

  put(o: PersistentVolumeClaim | PersistentVolume | StorageClass): void {
    if (o.kind === 'PersistentVolumeClaim') this.claims.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
    else if (o.kind === 'PersistentVolume') this.pvs.set(o.metadata.name ?? '', o);
    else this.classes.set(o.metadata.name ?? '', o);
  }

  claim(namespace: string, name: string) {
    return this.claims.get(`${namespace}/${name}`);
  }
  volume(name: string) {
    return this.pvs.get(name);
  }
  volumes() {
    return [...this.pvs.values()];
  }
  storageClass(name: string) {
    return this.classes.get(name);
  }
  async updateVolume(pv: PersistentVolume) {
    this.writes.push(`pv ${pv.metadata.name} claimRef=${pv.spec?.claimRef?.namespace}/${pv.spec?.claimRef?.name}`);
    this.put(pv);
    this.onWrite();
  }
  async updateClaim(claim: PersistentVolumeClaim) {
    this.writes.push(`pvc ${claim.metadata.name} selected-node=${claim.metadata.annotations?.['volume.kubernetes.io/selected-node']}`);
    this.put(claim);
    this.onWrite();
  }
}

const nodeA = nodeInfo(makeNode('a'));
const nodeB = nodeInfo(makeNode('b'));
const WFFC_NO_PROVISIONER = makeStorageClass('static', 'WaitForFirstConsumer', 'kubernetes.io/no-provisioner');
const WFFC = makeStorageClass('standard', 'WaitForFirstConsumer');
const IMMEDIATE = makeStorageClass('fast', 'Immediate');

/** The filter's verdict on one node, a preFilter rejection counting as the same reason. */
function filterOn(plugin: VolumeBinding, podName: string, claims: string[], node = nodeA) {
  const pod = newPodInfo(makeClaimPod(podName, ...claims));
  try {
    return filterVerdicts(plugin, pod, [node])[0];
  } catch (err) {
    if (err instanceof PreFilterRejection) return { reasons: [err.reason] };
    throw err;
  }
}

function reasons(result: { reasons: string[] } | null): string[] {
  return result?.reasons ?? [];
}

test('a claim missing for every node is reported once, without a node count, and charged to VolumeBinding', () => {
  const cluster = new FakeCluster([]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  const framework = new Framework({ filters: [plugin as FilterPlugin<unknown>], scorers: [] });
  assert.throws(
    () => framework.schedule(newPodInfo(makeClaimPod('p', 'nope')), [nodeA, nodeB]),
    (err: unknown) => err instanceof FitError && err.message === '0/2 nodes are available: persistentvolumeclaim "nope" not found.' && [...err.unschedulablePlugins()].join() === 'VolumeBinding',
  );
});

test('a pod without claims passes every node; a missing claim or a claim being deleted fails all of them', () => {
  const cluster = new FakeCluster([]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  const plain = newPodInfo(makeClaimPod('p'));
  assert.equal(filterVerdicts(plugin, plain, [nodeA])[0], null);
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['x'])), ['persistentvolumeclaim "x" not found']);
  const deleting = makeClaim('x', { className: 'standard' });
  deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  cluster.put(deleting);
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['x'])), ['persistentvolumeclaim "x" is being deleted']);
});

test("a bound claim pins the pod to the nodes its volume's affinity names", () => {
  const claim = makeClaim('data', { className: 'standard', volumeName: 'pv-a' });
  const cluster = new FakeCluster([claim, WFFC, makeVolume('pv-a', { className: 'standard', node: 'a', claim })]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  assert.equal(filterOn(plugin, 'p', ['data'], nodeA), null);
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['data'], nodeB)), ['node(s) had volume node affinity conflict']);
  cluster.pvs.clear();
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['data'])), ['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)']);
});

test('an unbound claim of an Immediate class, or of no class, makes the pod unschedulable', () => {
  const cluster = new FakeCluster([IMMEDIATE, makeClaim('fast-claim', { className: 'fast' }), makeClaim('classless', { className: '' })]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['fast-claim'])), ['pod has unbound immediate PersistentVolumeClaims']);
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['classless'])), ['pod has unbound immediate PersistentVolumeClaims']);
  cluster.put(makeClaim('ghost-class', { className: 'nope' }));
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['ghost-class'])), ['storageclass.storage.k8s.io "nope" not found']);
});

test('an unbound WaitForFirstConsumer claim fits where a matching static volume is, or anywhere its class provisions', () => {
  const cluster = new FakeCluster([WFFC_NO_PROVISIONER, makeClaim('data', { className: 'static', size: '2Gi' }), makeVolume('small-a', { className: 'static', node: 'a' })]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  const noVolume = ["node(s) didn't find available persistent volumes to bind"];
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['data'], nodeA)), noVolume, 'too small');
  cluster.put(makeVolume('big-a', { className: 'static', size: '5Gi', node: 'a' }));
  assert.equal(filterOn(plugin, 'p', ['data'], nodeA), null);
  assert.deepEqual(reasons(filterOn(plugin, 'p', ['data'], nodeB)), noVolume, 'the volume is on node a');
  cluster.put(WFFC);
  cluster.put(makeClaim('dynamic', { className: 'standard' }));
  assert.equal(filterOn(plugin, 'p', ['dynamic'], nodeB), null);
});

test('a reserved static volume is not offered to another pod until the reservation is undone', () => {
  const cluster = new FakeCluster([WFFC_NO_PROVISIONER, makeClaim('one', { className: 'static' }), makeClaim('two', { className: 'static' }), makeVolume('only', { className: 'static', node: 'a' })]);
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock() });
  const first = newPodInfo(makeClaimPod('first', 'one'));
  assert.equal(plugin.reserve(first, nodeA), null);
  assert.ok(reasons(filterOn(plugin, 'second', ['two'])).length === 1);
  plugin.unreserve(first);
  assert.equal(filterOn(plugin, 'second', ['two']), null);
});

test('pre-bind reserves the static volume through claimRef and waits until the claim is Bound', async () => {
  const claim = makeClaim('data', { className: 'static' });
  const cluster = new FakeCluster([WFFC_NO_PROVISIONER, claim, makeVolume('pv-1', { className: 'static', node: 'a' })]);
  // The PV controller's part: once the volume names the claim, bind both.
  cluster.onWrite = () => {
    cluster.put({ ...claim, spec: { ...claim.spec, volumeName: 'pv-1' }, status: { phase: 'Bound' } });
  };
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock(), pollMs: 5 });
  const pod = newPodInfo(makeClaimPod('p', 'data'));
  assert.equal(plugin.reserve(pod, nodeA), null);
  await plugin.preBind(pod, 'a', new AbortController().signal);
  assert.deepEqual(cluster.writes, ['pv pv-1 claimRef=default/data']);
  assert.equal(plugin.takenByOther('pv-1', 'default/other'), false, 'released after binding');
});

/** Far below the bind timeout: a deadline read from the machine's clock fails the test instead of stalling it. */
const CLOCK_TEST_TIMEOUT_MS = 5_000;

test('pre-bind annotates a claim to provision with the node, and gives up once its clock passes the timeout, naming the claim', { timeout: CLOCK_TEST_TIMEOUT_MS }, async (t) => {
  const stopping = new AbortController();
  t.after(() => stopping.abort());
  const cluster = new FakeCluster([WFFC, makeClaim('data', { className: 'standard' })]);
  const clock = new ManualClock();
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock, pollMs: 1 });
  const framework = new Framework({ filters: [], scorers: [], reservers: [plugin], preBinders: [plugin] });
  const pod = newPodInfo(makeClaimPod('p', 'data'));
  framework.reserve(pod, nodeB);
  let settled = false;
  const binding = framework.preBind(pod, 'b', stopping.signal).finally(() => (settled = true));
  binding.catch(() => undefined);
  // Many polls go by in real time; the deadline is the clock's, which has not moved.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(settled, false, 'still waiting while the clock stands before the deadline');
  clock.advance(VOLUME_BIND_TIMEOUT_MS - 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(settled, false, 'still waiting 1 ms before the deadline');
  clock.advance(1);
  await assert.rejects(binding, {
    message: 'running PreBind plugin "VolumeBinding": binding volumes: timed out after 120s waiting for PersistentVolumeClaim "default/data" to be bound',
  });
  assert.deepEqual(cluster.writes, ['pvc data selected-node=b']);
});

test('pre-bind fails at once when the claim goes away while it waits', async () => {
  const cluster = new FakeCluster([WFFC, makeClaim('data', { className: 'standard' })]);
  cluster.onWrite = () => cluster.claims.clear();
  const plugin = new VolumeBinding({ listers: cluster, api: cluster, clock: new ManualClock(), pollMs: 5 });
  const pod = newPodInfo(makeClaimPod('p', 'data'));
  plugin.reserve(pod, nodeA);
  await assert.rejects(plugin.preBind(pod, 'a', new AbortController().signal), /PersistentVolumeClaim "default\/data" was deleted/);
});
