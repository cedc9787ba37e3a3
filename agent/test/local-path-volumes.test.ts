// Claims and volumes made live by the real controller-manager (binder and
// protection controllers) against a real apiserver and etcd, with this node's
// local-path provisioner run in-process on a temporary directory: static
// binding and Retain, a claim held while a pod uses it, WaitForFirstConsumer
// until a node is selected, then provisioning, binding, and deletion of the
// directory and volume once the claim goes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resources } from '../../api/resources.js';
import type { Event, Pod } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { silentLogger } from '../../client/silent-logger.js';
import { requireKubectl, runKubectl } from '../../testkit/kubectl.js';
import { eventually, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { LocalPathProvisioner } from '../provisioner/local-path-provisioner.js';
import { localVolumeDirs } from '../provisioner/local-volume-dirs.js';

const NS = 'pv-it';
const NODE = 'pv-node';
const PV = resources.persistentVolumes;
const PVC = resources.persistentVolumeClaims;
/** Long enough for a binder that would wrongly bind to have done it. */
const QUIET_MS = 1_500;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: [NODE], bind: false },
  https: true,
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'persistentvolume-binder,pvc-protection,pv-protection'],
});

let volumeDir = '';
let provisioner: LocalPathProvisioner | undefined;

/** Started by the test that needs it: the control plane's client exists only once the tests run. */
async function startProvisioner(): Promise<void> {
  volumeDir = await mkdtemp(join(tmpdir(), 'flotilla-local-volumes-'));
  provisioner = new LocalPathProvisioner({
    client: env.client,
    nodeName: NODE,
    dirs: localVolumeDirs(volumeDir),
    recorder: new EventRecorder(env.client, { component: 'flotilla.io/local-path', host: NODE }),
    logger: silentLogger(),
  });
  await provisioner.start();
}

after(async () => {
  await provisioner?.stop();
  if (volumeDir) await rm(volumeDir, { recursive: true, force: true });
});

function staticVolume(name: string, size: string, policy: 'Retain' | 'Delete' = 'Retain'): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', persistentVolumeReclaimPolicy: policy, hostPath: { path: `/tmp/${name}` } },
  };
}

function claim(name: string, size: string, storageClassName: string, volumeName?: string): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName, ...(volumeName ? { volumeName } : {}) },
  };
}

const getClaim = (name: string) => env.client.get<PersistentVolumeClaim>(PVC, NS, name);
const getVolume = (name: string) => env.client.get<PersistentVolume>(PV, '', name);

async function gone(get: () => Promise<unknown>): Promise<boolean> {
  return get().then(
    () => false,
    (err: { reason?: string }) => err.reason === 'NotFound',
  );
}

async function eventReasons(name: string): Promise<string[]> {
  const events = await env.client.list<Event>(resources.events, { namespace: NS });
  return events.items.filter((e) => e.involvedObject.name === name).map((e) => e.reason ?? '');
}

test('a static claim binds to the smallest volume that fits; deleted, its Retain volume is Released and a Delete one Fails', async () => {
  for (const v of [staticVolume('small', '500Mi'), staticVolume('fits', '1Gi'), staticVolume('big', '5Gi'), staticVolume('doomed', '1Gi', 'Delete')]) await env.client.create(PV, v);
  const created = await env.client.create(PVC, claim('static', '1Gi', 'manual'));
  await eventually('static bound', async () => (await getClaim('static')).status?.phase === 'Bound');
  const bound = await getClaim('static');
  assert.ok(['doomed', 'fits'].includes(bound.spec?.volumeName ?? ''), 'a 1Gi volume, not the smaller or the larger');
  assert.equal(bound.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
  assert.equal(bound.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  assert.deepEqual(bound.status?.capacity, { storage: '1Gi' });
  assert.deepEqual(bound.status?.accessModes, ['ReadWriteOnce']);
  const volume = await getVolume(bound.spec?.volumeName ?? '');
  assert.equal(volume.status?.phase, 'Bound');
  assert.equal(volume.spec?.claimRef?.uid, created.metadata.uid);
  await eventually('free volumes Available', async () => (await getVolume('small')).status?.phase === 'Available' && (await getVolume('big')).status?.phase === 'Available');

  // A claim naming a volume gets exactly that one.
  await env.client.create(PVC, claim('named', '1Gi', 'manual', 'fits' === volume.metadata.name ? 'doomed' : 'fits'));
  await eventually('named bound', async () => (await getClaim('named')).status?.phase === 'Bound');
  assert.equal((await getClaim('named')).metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);

  for (const name of ['static', 'named']) await env.client.delete(PVC, NS, name);
  await eventually('claims gone', async () => (await gone(() => getClaim('static'))) && (await gone(() => getClaim('named'))));
  await eventually('fits Released', async () => (await getVolume('fits')).status?.phase === 'Released');
  await eventually('doomed Failed', async () => (await getVolume('doomed')).status?.phase === 'Failed');
  assert.equal((await getVolume('doomed')).status?.message, 'error getting deleter volume plugin for volume "doomed": no deletable volume plugin matched');
  await sleepMs(QUIET_MS);
  assert.equal((await getVolume('fits')).status?.phase, 'Released', 'Retain keeps the volume Released');
});

test('a claim being deleted stays while a running pod uses it, and goes with the pod', async () => {
  await env.client.create(PV, staticVolume('held-pv', '1Gi'));
  await env.client.create(PVC, claim('held', '1Gi', 'manual', 'held-pv'));
  await eventually('held bound', async () => (await getClaim('held')).status?.phase === 'Bound');
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'user', namespace: NS },
    spec: { nodeName: NODE, containers: [{ name: 'c', image: 'busybox:1.36' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'held' } }] },
  };
  await env.client.create(resources.pods, pod);
  await eventually('pod running', async () => (await env.client.get<Pod>(resources.pods, NS, 'user')).status?.phase === 'Running');
  const described = await flotctl(env.address, ['-n', NS, 'describe', 'pvc', 'held']);
  assert.match(described.stdout, /Used By:\s+user/, described.stderr);
  assert.match(described.stdout, /Volume:\s+held-pv/);
  await env.client.delete(PVC, NS, 'held');
  await sleepMs(QUIET_MS);
  const held = await getClaim('held');
  assert.ok(held.metadata.deletionTimestamp, 'the claim is being deleted');
  assert.deepEqual(held.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  // The volume cannot go either while bound.
  await env.client.delete(PV, '', 'held-pv');
  await sleepMs(QUIET_MS);
  assert.equal((await getVolume('held-pv')).status?.phase, 'Bound');

  await env.client.delete(resources.pods, NS, 'user', { gracePeriodSeconds: 0 });
  await eventually('claim gone with its pod', () => gone(() => getClaim('held')));
  await eventually('volume gone once released', () => gone(() => getVolume('held-pv')));
});

test('WaitForFirstConsumer: Pending until a node is selected, then provisioned on that node, bound, and removed with its claim', async (t) => {
  const cls: StorageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local' },
    provisioner: 'flotilla.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  await env.client.create(resources.storageClasses, cls);
  await startProvisioner();
  const created = await env.client.create(PVC, claim('wffc', '64Mi', 'local'));
  await eventually('WaitForFirstConsumer event', async () => (await eventReasons('wffc')).includes('WaitForFirstConsumer'));
  await sleepMs(QUIET_MS);
  assert.equal((await getClaim('wffc')).status?.phase, 'Pending');
  assert.equal((await getClaim('wffc')).metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], undefined);

  const pending = await getClaim('wffc');
  pending.metadata.annotations = { ...pending.metadata.annotations, 'volume.kubernetes.io/selected-node': NODE };
  await env.client.update(PVC, pending);
  const volumeName = `pvc-${created.metadata.uid ?? ''}`;
  await eventually('wffc bound', async () => (await getClaim('wffc')).status?.phase === 'Bound', 30_000);
  const bound = await getClaim('wffc');
  assert.equal(bound.spec?.volumeName, volumeName);
  assert.equal(bound.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], 'flotilla.io/local-path');
  const volume = await getVolume(volumeName);
  assert.equal(volume.spec?.hostPath?.path, join(volumeDir, volumeName));
  assert.equal(volume.spec?.persistentVolumeReclaimPolicy, 'Delete');
  assert.deepEqual(volume.spec?.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions, [{ key: 'kubernetes.io/hostname', operator: 'In', values: [NODE] }]);
  assert.equal((await stat(join(volumeDir, volumeName))).mode & 0o777, 0o777);
  const reasons = await eventReasons('wffc');
  assert.ok(reasons.includes('ExternalProvisioning') && reasons.includes('ProvisioningSucceeded'), reasons.join());

  if (requireKubectl(t)) {
    const out = await runKubectl(['-n', NS, 'describe', 'pvc', 'wffc'], { kubeconfig: env.kubeconfig });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`Volume:\\s+${volumeName}`));
    assert.match(out.stdout, /Status:\s+Bound/);
    assert.match(out.stdout, /Used By:\s+<none>/);
    assert.match(out.stdout, /ProvisioningSucceeded/);
  }

  await env.client.delete(PVC, NS, 'wffc');
  await eventually('volume deleted by its provisioner', () => gone(() => getVolume(volumeName)), 30_000);
  await assert.rejects(stat(join(volumeDir, volumeName)), 'the directory is removed');
});
