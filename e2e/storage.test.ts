// e2e: claims and the volumes behind them, on a real two-node cluster driven by
// kubectl 1.32: the seeds' claim + pod keeping a file across pods, the docs'
// web StatefulSet with a claim per pod that follows its pod back, pvc-protection
// holding a claim while a pod uses it, Delete and Retain reclaim seen on the
// node's disk, a static local volume drawing its pod to its node, and bad
// input refused with nothing created.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../api/types/storage.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { dockerSkipReason, ensureTestImages, isReady, podEvents, waitForPod, waitForPodGone } from '../testkit/docker/pod-helpers.js';
import { kubectlSkipReason } from '../testkit/kubectl.js';
import { startCluster, type TestCluster } from '../testkit/processes/cluster.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { REPO_ROOT } from '../testkit/repo-paths.js';
import { CliSession, kubectlCli, POLL_INTERVAL_MS, STEP_TIMEOUT_MS } from '../testkit/walkthrough.js';

const DOCKER_SKIP = await dockerSkipReason();
const SKIP = DOCKER_SKIP || kubectlSkipReason();
const PVC_POD_EXAMPLE = `${REPO_ROOT}examples/pvc-pod.yaml`;
const WEB_EXAMPLE = `${REPO_ROOT}examples/web-statefulset.yaml`;
/** Three ordered pods with minReadySeconds 10 each, plus provisioning. */
const STATEFULSET_READY_TIMEOUT_MS = 120_000;
const BUSYBOX = 'flotilla/busybox:1.35';

function isRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

describe('PersistentVolumeClaims on a real cluster through kubectl 1.32', { skip: SKIP }, () => {
  let cluster: TestCluster;
  let client: ApiClient;
  let k: CliSession;
  /** Host directories of Retain volumes the test made; the agents' state dirs hold the rest. */
  const kept: string[] = [];

  const claim = (name: string) => client.get<PersistentVolumeClaim>(resources.persistentVolumeClaims, 'default', name);
  const volumeOf = async (claimName: string) => client.get<PersistentVolume>(resources.persistentVolumes, '', (await claim(claimName)).spec?.volumeName ?? '');
  const exec = (pod: string, script: string) => k.ok(['exec', pod, '--', 'sh', '-c', script]);
  const waitForBound = (name: string) =>
    waitFor(`claim ${name} Bound`, async () => ((await claim(name).catch(() => undefined))?.status?.phase === 'Bound' ? true : undefined), STEP_TIMEOUT_MS, POLL_INTERVAL_MS);
  const waitForGone = (what: string, get: () => Promise<unknown>) =>
    waitFor(what, async () => (await get().then(() => false, () => true)) || undefined, STEP_TIMEOUT_MS, POLL_INTERVAL_MS);

  before(async () => {
    await ensureTestImages();
    cluster = await startCluster({ agents: 2, https: true });
    client = cluster.client();
    k = new CliSession(kubectlCli(cluster.kubeconfigPath!));
  });

  after(async () => {
    client?.close();
    await cluster?.stop();
    for (const dir of kept) rmSync(dir, { recursive: true, force: true });
  });

  it("the seeds' claim binds to a volume of the default class, and a file outlives the pod that wrote it", async () => {
    assert.equal(await k.ok(['apply', '-f', PVC_POD_EXAMPLE]), 'persistentvolumeclaim/my-data-claim created\npod/my-data-pod created\n');
    const first = await waitForPod(client, 'my-data-pod', 'Running', isRunning);
    await waitForBound('my-data-claim');
    const pv = await volumeOf('my-data-claim');
    assert.equal(pv.spec?.storageClassName, 'standard');
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values, [first.spec.nodeName]);
    const table = await k.ok(['get', 'pvc', 'my-data-claim']);
    assert.match(table, new RegExp(`^my-data-claim\\s+Bound\\s+${pv.metadata.name}\\s+1Gi\\s+RWX\\s+standard\\s+<unset>\\s+\\d+s$`, 'm'));

    await exec('my-data-pod', 'echo kept-across-pods > /data/sample.txt');
    const dir = pv.spec?.hostPath?.path ?? '';
    assert.equal(readFileSync(`${dir}/sample.txt`, 'utf8'), 'kept-across-pods\n', 'the file is in the volume on the node');
    assert.equal(await k.ok(['delete', 'pod', 'my-data-pod']), 'pod "my-data-pod" deleted\n');
    await waitForPodGone(client, 'my-data-pod');
    assert.equal(await k.ok(['apply', '-f', PVC_POD_EXAMPLE]), 'persistentvolumeclaim/my-data-claim unchanged\npod/my-data-pod created\n');
    const second = await waitForPod(client, 'my-data-pod', 'Running again', isRunning);
    assert.notEqual(second.metadata.uid, first.metadata.uid);
    assert.equal(second.spec.nodeName, first.spec.nodeName, "the volume's node affinity brings the pod back to its data");
    assert.equal(await exec('my-data-pod', 'cat /data/sample.txt'), 'kept-across-pods\n');
  });

  it('a claim in use stays until its pod goes; then Delete reclaim removes the volume and its directory', async () => {
    const pv = await volumeOf('my-data-claim');
    const dir = pv.spec?.hostPath?.path ?? '';
    assert.ok(existsSync(dir));
    assert.equal(await k.ok(['delete', 'pvc', 'my-data-claim', '--wait=false']), 'persistentvolumeclaim "my-data-claim" deleted\n');
    const held = await claim('my-data-claim');
    assert.ok(held.metadata.deletionTimestamp, 'marked for deletion');
    assert.deepEqual(held.metadata.finalizers, ['kubernetes.io/pvc-protection']);
    assert.match(await k.ok(['get', 'pvc', 'my-data-claim']), /^my-data-claim\s+Terminating\s/m);
    assert.equal(await exec('my-data-pod', 'cat /data/sample.txt'), 'kept-across-pods\n', 'the pod still has its data');

    await k.ok(['delete', 'pod', 'my-data-pod']);
    await waitForGone('claim my-data-claim removed', () => claim('my-data-claim'));
    await waitForGone(`volume ${pv.metadata.name} removed`, () => client.get(resources.persistentVolumes, '', pv.metadata.name ?? ''));
    await waitFor(`directory ${dir} removed`, async () => !existsSync(dir) || undefined, STEP_TIMEOUT_MS, POLL_INTERVAL_MS);
  });

  it('Retain reclaim keeps the directory and its data after the claim goes', async () => {
    await k.apply(`
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: keep}
provisioner: flotilla.io/local-path
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: kept-claim}
spec:
  storageClassName: keep
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 100Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: kept-writer}
spec:
  terminationGracePeriodSeconds: 0
  restartPolicy: Never
  containers:
  - {name: w, image: ${BUSYBOX}, command: [sh, -c, 'echo retained > /out/data.txt'], volumeMounts: [{name: out, mountPath: /out}]}
  volumes:
  - {name: out, persistentVolumeClaim: {claimName: kept-claim}}
`);
    await waitForPod(client, 'kept-writer', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
    const pv = await volumeOf('kept-claim');
    const dir = pv.spec?.hostPath?.path ?? '';
    kept.push(dir);
    await k.ok(['delete', 'pod', 'kept-writer']);
    await k.ok(['delete', 'pvc', 'kept-claim']);
    await waitFor(
      'volume Released',
      async () => ((await client.get<PersistentVolume>(resources.persistentVolumes, '', pv.metadata.name ?? '')).status?.phase === 'Released' ? true : undefined),
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    assert.equal(readFileSync(`${dir}/data.txt`, 'utf8'), 'retained\n');
    assert.match(await k.ok(['get', 'pv', pv.metadata.name ?? '']), /\s+100Mi\s+RWO\s+Retain\s+Released\s+default\/kept-claim\s+keep\s/);
    await k.ok(['delete', 'pv', pv.metadata.name ?? '']);
    assert.ok(existsSync(`${dir}/data.txt`), 'deleting a Retain volume leaves the data to its owner');
  });

  it("the docs' web StatefulSet: a claim per pod, each pod's own data, and web-1 comes back to its volume", async () => {
    assert.equal(await k.ok(['apply', '-f', WEB_EXAMPLE]), 'service/nginx created\nstatefulset.apps/web created\n');
    await waitFor(
      'web-0..2 Running and Ready',
      async () => {
        const pods = await Promise.all([0, 1, 2].map((i) => client.get<Pod>(resources.pods, 'default', `web-${i}`).catch(() => undefined)));
        return pods.every((p) => p && isRunning(p)) || undefined;
      },
      STATEFULSET_READY_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    const claims = await k.ok(['get', 'pvc', '-l', 'app=nginx', '-o', 'custom-columns=NAME:.metadata.name,STATUS:.status.phase,CLASS:.spec.storageClassName']);
    assert.match(claims, /^www-web-0\s+Bound\s+standard\nwww-web-1\s+Bound\s+standard\nwww-web-2\s+Bound\s+standard\n$/m);
    for (const i of [0, 1, 2]) await exec(`web-${i}`, 'hostname > /usr/share/nginx/html/index.html');

    const before = await client.get<Pod>(resources.pods, 'default', 'web-1');
    const pv = await volumeOf('www-web-1');
    await k.ok(['delete', 'pod', 'web-1']);
    const back = await waitForPod(client, 'web-1', 'recreated and Ready', (p) => p.metadata.uid !== before.metadata.uid && isRunning(p), STATEFULSET_READY_TIMEOUT_MS);
    assert.equal(back.spec.nodeName, before.spec.nodeName);
    assert.equal((await claim('www-web-1')).spec?.volumeName, pv.metadata.name, 'the same claim and volume');
    for (const i of [0, 1, 2]) assert.equal(await exec(`web-${i}`, 'cat /usr/share/nginx/html/index.html'), `web-${i}\n`);
  });

  it('whenDeleted: Delete hands the claims to the set, and deleting the set removes them', async () => {
    await k.ok(['patch', 'statefulset', 'web', '--type=merge', '-p', '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}']);
    await waitFor(
      'claims owned by the set',
      async () => {
        const all = await Promise.all([0, 1, 2].map((i) => claim(`www-web-${i}`)));
        return all.every((c) => c.metadata.ownerReferences?.some((r) => r.kind === 'StatefulSet' && r.name === 'web' && r.controller)) || undefined;
      },
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    await k.ok(['delete', 'statefulset', 'web']);
    for (const i of [0, 1, 2]) await waitForGone(`claim www-web-${i} removed`, () => claim(`www-web-${i}`));
  });

  it('a static volume on one node draws its pod there; with no volume left, the next pod waits with the reason', async () => {
    const node = cluster.agents[1]!.nodeName;
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-static-pv-'));
    kept.push(dir);
    await k.apply(`
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-static}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: static-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local-static
  local: {path: ${dir}}
  nodeAffinity:
    required:
      nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [${node}]}]}]
`);
    for (const name of ['static-claim', 'static-claim-2']) {
      await k.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec: {storageClassName: local-static, accessModes: [ReadWriteOnce], resources: {requests: {storage: 500Mi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: ${name}-user}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: c, image: ${BUSYBOX}, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: ${name}}}]
`);
      if (name === 'static-claim') await waitForPod(client, 'static-claim-user', 'Running', isRunning);
    }
    const user = await client.get<Pod>(resources.pods, 'default', 'static-claim-user');
    assert.equal(user.spec.nodeName, node, "the pod went to the volume's node");
    assert.equal((await claim('static-claim')).spec?.volumeName, 'static-pv');
    await exec('static-claim-user', 'echo on-the-node > /d/f');
    assert.equal(readFileSync(join(dir, 'f'), 'utf8'), 'on-the-node\n');

    const waiting = await client.get<Pod>(resources.pods, 'default', 'static-claim-2-user');
    const message = await waitFor(
      'FailedScheduling for the claim without a volume',
      async () => (await podEvents(client, waiting)).find((e) => e.reason === 'FailedScheduling')?.message,
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    assert.equal(message, "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind.");
    assert.equal((await claim('static-claim-2')).status?.phase, 'Pending');
    await k.ok(['delete', 'pod', 'static-claim-user', 'static-claim-2-user']);
    await k.ok(['delete', 'pvc', 'static-claim', 'static-claim-2']);
    await k.ok(['delete', 'pv', 'static-pv']);
  });

  it('bad input: invalid sizes and access modes are refused, and a pod naming a missing claim waits with the reason', async () => {
    const badSize = await k.run(['apply', '-f', '-'], claimManifest('bad-size', 'ReadWriteOnce', '1Gx'));
    assert.equal(badSize.code, 1);
    assert.match(badSize.stderr, /quantities must match the regular expression/);
    const badMode = await k.run(['apply', '-f', '-'], claimManifest('bad-mode', 'ReadWriteSometimes', '1Gi'));
    assert.equal(badMode.code, 1);
    assert.match(badMode.stderr, /PersistentVolumeClaim "bad-mode" is invalid: spec\.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"/);
    const none = await k.run(['get', 'pvc', 'bad-size', 'bad-mode']);
    assert.match(none.stderr, /persistentvolumeclaims "bad-size" not found/);
    assert.match(none.stderr, /persistentvolumeclaims "bad-mode" not found/);

    await k.apply(`
apiVersion: v1
kind: Pod
metadata: {name: orphan-claim}
spec:
  containers: [{name: c, image: ${BUSYBOX}, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: nope}}]
`);
    const pod = await client.get<Pod>(resources.pods, 'default', 'orphan-claim');
    const message = await waitFor(
      'FailedScheduling naming the claim',
      async () => (await podEvents(client, pod)).find((e) => e.reason === 'FailedScheduling')?.message,
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    assert.match(message, /^0\/2 nodes are available: .*persistentvolumeclaim "nope" not found/);
    const still = await client.get<Pod>(resources.pods, 'default', 'orphan-claim');
    assert.equal(still.spec.nodeName, undefined, 'not bound to any node');
    assert.equal(still.status?.phase, 'Pending');
    await k.ok(['delete', 'pod', 'orphan-claim']);
  });
});

function claimManifest(name: string, mode: string, size: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: [mode], resources: { requests: { storage: size } } },
  });
}
