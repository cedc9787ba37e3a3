// e2e: the steps of a Kubernetes introduction, typed into the real kubectl
// 1.32 (as child processes, `exec -it` in a pseudo-terminal) against one
// cluster of real processes (etcd, apiserver with its HTTPS port, scheduler,
// controller-manager, three agents) on the local Docker engine, with the
// offline images; a short flotctl pass runs in the same cluster, and a drain
// of a node under a PodDisruptionBudget. The steps
// share the cluster and run in order; the node-failure step kills an agent,
// so it runs last.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { dockerSkipReason } from '../testkit/docker/pod-helpers.js';
import type { StreamingCommand } from '../testkit/processes/command.js';
import { kubectlSkipReason } from '../testkit/kubectl.js';
import { httpGet } from '../testkit/kubectl-port-forward.js';
import { startCluster, type TestCluster } from '../testkit/processes/cluster.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { CliSession, IPV4, STEP_TIMEOUT_MS, flotctlCli, kubectlCli, parseTable, restarts, running, screenText, type Row } from '../testkit/walkthrough.js';
import { resources } from '../api/resources.js';

const DOCKER_SKIP = await dockerSkipReason();
const BUILD_IMAGES = fileURLToPath(new URL('../../deploy/images/build.sh', import.meta.url));
/** Two restarts under CrashLoopBackOff wait out 10 s and then 20 s. */
const CRASH_LOOP_TIMEOUT_MS = 120_000;
/** kubectl drain's own bound: three evictions, each waiting for a replacement to be Ready. */
const DRAIN_TIMEOUT_S = 120;
/** How often the drain step counts the guarded Deployment's ready pods while the drain runs. */
const DRAIN_SAMPLE_MS = 100;
/** Lease grace (15 s) plus the pods' 5 s toleration plus the restart elsewhere. */
const FAILOVER_TIMEOUT_MS = 120_000;
/** How long a pod that cannot fit is watched staying Pending. */
const PENDING_OBSERVATION_MS = 3_000;
const SSD_NODE_INDEX = 1;

const BUSYBOX = 'flotilla/busybox:1.35';
const BUSYBOX_LATEST = 'flotilla/busybox:latest';
const NGINX = 'flotilla/nginx:1.22';

let cluster: TestCluster;
let client: ApiClient;
let k: CliSession;
let nodes: string[];
/** `get pod wt-liveness -w`, started with the pod so every RESTARTS value shows. */
let livenessWatch: StreamingCommand | undefined;
let hostDir: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The column names of a printed table, as its first line spells them. */
function headers(text: string): string[] {
  return (text.split('\n')[0] ?? '').trim().split(/\s{2,}/);
}

function row(rows: Row[], name: string): Row | undefined {
  return rows.find((r) => r.NAME === name);
}

function named(rows: Row[], prefix: string): Row[] {
  return rows.filter((r) => r.NAME?.startsWith(prefix));
}

async function livePods(selector: string): Promise<Pod[]> {
  const list = await client.list<Pod>(resources.pods, { namespace: 'default', labelSelector: selector });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

const livenessPod = `
apiVersion: v1
kind: Pod
metadata:
  name: wt-liveness
  labels: {walkthrough: liveness}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: nginx
    image: ${NGINX}
    livenessProbe:
      httpGet: {path: /, port: 8080}
      periodSeconds: 1
      failureThreshold: 1
`;

const loggerPod = `
apiVersion: v1
kind: Pod
metadata:
  name: wt-logger
  labels: {walkthrough: logs}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: counter
    image: ${BUSYBOX}
    command: [sh, -c, 'i=0; while true; do echo "line-$i"; i=$((i+1)); sleep 1; done']
`;

const SKIP = DOCKER_SKIP || kubectlSkipReason();

describe('the Kubernetes walkthrough through kubectl 1.32', { skip: SKIP }, () => {
  before(async () => {
    execFileSync(BUILD_IMAGES, [], { stdio: 'ignore' });
    cluster = await startCluster({
      agents: 3,
      https: true,
      agentArgs: (i) => (i === SSD_NODE_INDEX ? ['--node-labels', 'disktype=ssd'] : []),
    });
    client = cluster.client();
    k = new CliSession(kubectlCli(cluster.kubeconfigPath!));
    nodes = cluster.agents.map((a) => a.nodeName);
    hostDir = mkdtempSync(join(tmpdir(), 'flotilla-walkthrough-host-'));
    // The slow steps start first and are checked later, so their waits overlap.
    await k.apply(livenessPod);
    // kubectl refuses to watch a name that does not exist yet, so the watch follows the apply.
    livenessWatch = k.start(['get', 'pod', 'wt-liveness', '-w']);
    await k.apply(loggerPod);
  });

  after(async () => {
    await livenessWatch?.stop();
    client?.close();
    await cluster?.stop();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  });

  it('a naked Pod from YAML: Running 1/1, its events in describe, then deleted', async () => {
    const created = await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-naked
  labels: {walkthrough: naked}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: nginx
    image: ${NGINX}
    ports: [{containerPort: 80}]
`);
    assert.equal(created, 'pod/wt-naked created\n');
    const rows = await k.waitForTable('wt-naked Running 1/1', ['get', 'pods'], (r) => row(r, 'wt-naked')?.STATUS === 'Running' && row(r, 'wt-naked')?.READY === '1/1');
    assert.equal(row(rows, 'wt-naked')?.RESTARTS, '0');
    assert.deepEqual(headers(await k.ok(['get', 'pods'])), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(headers(await k.ok(['get', 'pods', '-o', 'wide'])), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);

    const described = await k.waitForOutput('describe shows Started', ['describe', 'pod', 'wt-naked'], (out) => /Normal\s+Started\s/.test(out));
    assert.match(described, /^Name:\s+wt-naked$/m);
    assert.match(described, /^Status:\s+Running$/m);
    assert.match(described, /^Node:\s+e2e-\S+\/127\.0\.0\.1$/m);
    const events = described.slice(described.indexOf('\nEvents:'));
    assert.match(events, /Normal\s+Scheduled\s.*Successfully assigned default\/wt-naked to e2e-/);
    assert.match(events, /Normal\s+Created\s/);
    assert.match(events, /Normal\s+Started\s/);

    assert.equal(await k.ok(['delete', 'pod', 'wt-naked']), 'pod "wt-naked" deleted\n');
    const gone = await k.run(['get', 'pod', 'wt-naked']);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'Error from server (NotFound): pods "wt-naked" not found\n');
  });

  it('flotctl in the same cluster: apply, get, describe, logs, exec, delete', async () => {
    const f = new CliSession(flotctlCli(cluster.server));
    assert.equal(await f.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-flotctl
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: ${BUSYBOX}
    command: [sh, -c, 'echo hello from flotctl; sleep 3600']
`), 'pod/wt-flotctl created\n');
    await f.waitForTable('wt-flotctl Running 1/1', ['get', 'pods'], (r) => row(r, 'wt-flotctl')?.STATUS === 'Running' && row(r, 'wt-flotctl')?.READY === '1/1');
    const described = await f.ok(['describe', 'pod', 'wt-flotctl']);
    assert.match(described, /^Name:\s+wt-flotctl$/m);
    assert.match(described, /^Status:\s+Running$/m);
    assert.equal(await f.waitForOutput('the pod\'s log line', ['logs', 'wt-flotctl'], (out) => out !== ''), 'hello from flotctl\n');
    assert.equal(await f.ok(['exec', 'wt-flotctl', '--', 'cat', '/etc/hostname']), 'wt-flotctl\n');
    assert.equal(await f.ok(['delete', 'pod', 'wt-flotctl']), 'pod "wt-flotctl" deleted\n');
    assert.equal((await k.run(['get', 'pod', 'wt-flotctl'])).code, 1, 'kubectl no longer finds what flotctl deleted');
  });

  describe('a Deployment', () => {
    const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wt-web
  labels: {app: wt-web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: wt-web}
  template:
    metadata:
      labels: {app: wt-web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: app
        image: ${BUSYBOX}
        command: [sleep, '3600']
        readinessProbe:
          exec: {command: ['true']}
          initialDelaySeconds: 1
          periodSeconds: 1
`;

    it('3 replicas: get deployments, get rs, get pods -o wide show them on nodes with IPs', async () => {
      assert.equal(await k.apply(deployment), 'deployment.apps/wt-web created\n');
      const deploys = await k.waitForTable('wt-web 3/3', ['get', 'deployments'], (r) => row(r, 'wt-web')?.READY === '3/3');
      assert.deepEqual(headers(await k.ok(['get', 'deployments'])), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      assert.deepEqual(headers(await k.ok(['get', 'rs'])), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
      assert.deepEqual(
        { upToDate: row(deploys, 'wt-web')?.['UP-TO-DATE'], available: row(deploys, 'wt-web')?.AVAILABLE },
        { upToDate: '3', available: '3' },
      );
      const sets = named(await k.table(['get', 'rs']), 'wt-web-');
      assert.equal(sets.length, 1, JSON.stringify(sets));
      assert.match(sets[0]!.NAME!, /^wt-web-[a-z0-9]+$/);
      assert.deepEqual([sets[0]!.DESIRED, sets[0]!.CURRENT, sets[0]!.READY], ['3', '3', '3']);

      const pods = named(await k.table(['get', 'pods', '-o', 'wide']), 'wt-web-');
      assert.equal(pods.length, 3, JSON.stringify(pods));
      for (const p of pods) {
        assert.ok(p.NAME!.startsWith(`${sets[0]!.NAME}-`), `${p.NAME} belongs to ${sets[0]!.NAME}`);
        assert.equal(p.STATUS, 'Running');
        assert.equal(p.READY, '1/1');
        assert.match(p.IP!, IPV4);
        assert.ok(nodes.includes(p.NODE!), `${p.NODE} is a cluster node`);
      }
      assert.equal(new Set(pods.map((p) => p.IP)).size, 3, 'every pod has its own IP');
      assert.ok(new Set(pods.map((p) => p.NODE)).size >= 2, `replicas spread over nodes: ${pods.map((p) => p.NODE).join(', ')}`);
    });

    it('deleting a pod brings a new one', async () => {
      const before = named(await k.table(['get', 'pods', '-l', 'app=wt-web']), 'wt-web-').map((r) => r.NAME!);
      const victim = before[0]!;
      assert.equal(await k.ok(['delete', 'pod', victim]), `pod "${victim}" deleted\n`);
      const after = await k.waitForTable(
        '3 running replicas again',
        ['get', 'pods', '-l', 'app=wt-web'],
        (r) => running(r).length === 3 && r.length === 3 && r.every((p) => p.READY === '1/1'),
      );
      const names = after.map((r) => r.NAME!);
      assert.ok(!names.includes(victim), `${victim} is gone`);
      assert.equal(names.filter((n) => !before.includes(n)).length, 1, `one new pod: ${names.join(', ')}`);
    });

    it('scale --replicas 5, then 2', async () => {
      assert.equal(await k.ok(['scale', 'deployment', 'wt-web', '--replicas', '5']), 'deployment.apps/wt-web scaled\n');
      await k.waitForTable('wt-web 5/5', ['get', 'deployments', 'wt-web'], (r) => row(r, 'wt-web')?.READY === '5/5');
      assert.equal((await livePods('app=wt-web')).length, 5);
      assert.equal(await k.ok(['scale', 'deployment/wt-web', '--replicas', '2']), 'deployment.apps/wt-web scaled\n');
      await k.waitForTable('2 pods left', ['get', 'pods', '-l', 'app=wt-web'], (r) => r.length === 2 && running(r).length === 2);
      assert.equal(row(await k.table(['get', 'deployments', 'wt-web']), 'wt-web')?.READY, '2/2');
    });

    it('set image rolls out without dropping below the allowed availability; rollout status waits; rollout undo goes back', async () => {
      // replicas 2 with 25% / 25%: maxUnavailable rounds down to 0, so 2 must stay available throughout.
      const ready = new Map<string, boolean>();
      let minReady = Number.POSITIVE_INFINITY;
      let events = 0;
      const watch = client.watch<Pod>(resources.pods, { namespace: 'default', labelSelector: 'app=wt-web' });
      const watching = (async () => {
        for await (const ev of watch) {
          const name = ev.object.metadata.name!;
          if (ev.type === 'DELETED') ready.delete(name);
          else ready.set(name, isReady(ev.object) && !ev.object.metadata.deletionTimestamp);
          events++;
          if (events > 2) minReady = Math.min(minReady, [...ready.values()].filter(Boolean).length);
        }
      })().catch(() => undefined);
      try {
        // The watch starts with the two current pods as ADDED.
        await waitFor('the watch to list the current pods', async () => events >= 2, STEP_TIMEOUT_MS);

        assert.equal(await k.ok(['set', 'image', 'deployment/wt-web', `app=${BUSYBOX_LATEST}`]), 'deployment.apps/wt-web image updated\n');
        const status = await k.run(['rollout', 'status', 'deployment/wt-web', '--timeout', '2m']);
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, /Waiting for deployment "wt-web" rollout to finish/);
        assert.match(status.stdout, /deployment "wt-web" successfully rolled out\n$/);
        const rolled = await livePods('app=wt-web');
        assert.deepEqual(rolled.map((p) => p.spec.containers[0]!.image), [BUSYBOX_LATEST, BUSYBOX_LATEST]);
        assert.equal(named(await k.table(['get', 'rs']), 'wt-web-').length, 2, 'old and new ReplicaSet');
        assert.ok(Number.isFinite(minReady), 'the watch saw the rollout');
        assert.ok(minReady >= 2, `available pods dropped to ${minReady} during the rollout`);

        assert.equal(await k.ok(['rollout', 'undo', 'deployment/wt-web']), 'deployment.apps/wt-web rolled back\n');
        const back = await k.run(['rollout', 'status', 'deployment/wt-web', '--timeout', '2m']);
        assert.equal(back.code, 0, back.stderr);
        assert.match(back.stdout, /deployment "wt-web" successfully rolled out\n$/);
        await waitFor('pods back on the first image', async () => {
          const images = (await livePods('app=wt-web')).map((p) => p.spec.containers[0]!.image);
          return images.length === 2 && images.every((i) => i === BUSYBOX);
        }, STEP_TIMEOUT_MS);
        assert.ok(minReady >= 2, `available pods dropped to ${minReady} during the undo`);
      } finally {
        watch.cancel();
        await watching;
      }
    });

    it('rollout restart replaces every pod through a new rollout', async () => {
      const before = (await livePods('app=wt-web')).map((p) => p.metadata.name!);
      assert.equal(await k.ok(['rollout', 'restart', 'deployment/wt-web']), 'deployment.apps/wt-web restarted\n');
      const status = await k.run(['rollout', 'status', 'deployment/wt-web', '--timeout', '2m']);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /deployment "wt-web" successfully rolled out\n$/);
      await waitFor('two pods, none of them from before the restart', async () => {
        const now = await livePods('app=wt-web');
        return now.length === 2 && now.every((p) => !before.includes(p.metadata.name!));
      }, STEP_TIMEOUT_MS);
      const deployment = await client.get(resources.deployments, 'default', 'wt-web');
      assert.ok(deployment.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], 'the template carries restartedAt');
      assert.equal(await k.ok(['delete', 'deployment', 'wt-web']), 'deployment.apps "wt-web" deleted\n');
    });
  });

  it('nginx and busybox share an emptyDir and the network namespace', async () => {
    await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-two
spec:
  terminationGracePeriodSeconds: 0
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx
    image: ${NGINX}
    volumeMounts:
    - {name: shared-data, mountPath: /usr/share/nginx/html}
  - name: busybox
    image: ${BUSYBOX}
    volumeMounts:
    - {name: shared-data, mountPath: /pod-data}
    command: [sh, -c, 'echo Hello from the busybox container > /pod-data/index.html; sleep 3600']
`);
    await k.waitForTable('wt-two 2/2', ['get', 'pod', 'wt-two'], (r) => row(r, 'wt-two')?.READY === '2/2');
    const read = await k.waitForOutput('nginx sees the file', ['exec', 'wt-two', '-c', 'nginx', '--', 'cat', '/usr/share/nginx/html/index.html'], (out) => out !== '');
    assert.equal(read, 'Hello from the busybox container\n');
    const fetched = await k.waitForOutput('busybox reaches nginx on localhost', ['exec', 'wt-two', '-c', 'busybox', '--', 'wget', '-qO-', 'http://localhost/'], (out) => out !== '');
    assert.equal(fetched, 'Hello from the busybox container\n');
    // port-forward to nginx, and fetch the page through the local port as `curl localhost:PORT` would.
    const forward = k.start(['port-forward', 'pod/wt-two', ':80']);
    try {
      const line = await forward.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/);
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
      const page = await httpGet(port);
      assert.deepEqual(page, { status: 200, body: 'Hello from the busybox container\n' });
    } finally {
      await forward.stop();
    }
    await k.ok(['delete', 'pod', 'wt-two']);
  });

  it('three containers share a hostPath; the init container runs first', async () => {
    await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-host
spec:
  terminationGracePeriodSeconds: 0
  volumes:
  - name: host
    hostPath: {path: ${hostDir}, type: Directory}
  initContainers:
  - name: init
    image: ${BUSYBOX}
    command: [sh, -c, 'echo init > /host/order']
    volumeMounts: [{name: host, mountPath: /host}]
  containers:
${['a', 'b', 'c'].map((c) => `  - name: ${c}
    image: ${BUSYBOX}
    command: [sh, -c, 'echo ${c} >> /host/order; sleep 3600']
    volumeMounts: [{name: host, mountPath: /host}]`).join('\n')}
`);
    const rows = await k.waitForTable('wt-host 3/3', ['get', 'pod', 'wt-host'], (r) => row(r, 'wt-host')?.READY === '3/3');
    assert.equal(row(rows, 'wt-host')?.STATUS, 'Running');
    // The init container truncates the file; had it run after any app container, that line would be lost.
    // Ready means started; each container's echo may still be on its way.
    const lines = await waitFor('four lines in the shared file', async () => {
      const text = readFileSync(join(hostDir, 'order'), 'utf8').trim().split('\n');
      return text.length >= 4 ? text : undefined;
    }, STEP_TIMEOUT_MS);
    assert.equal(lines[0], 'init');
    assert.deepEqual(lines.slice(1).sort(), ['a', 'b', 'c']);
    for (const c of ['a', 'b', 'c']) {
      assert.equal(await k.ok(['exec', 'wt-host', '-c', c, '--', 'cat', '/host/order']), `${lines.join('\n')}\n`, `${c} sees every write`);
    }
    const pod = await client.get<Pod>(resources.pods, 'default', 'wt-host');
    assert.equal(pod.status?.initContainerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
    await k.ok(['delete', 'pod', 'wt-host']);
  });

  it('a liveness probe on a wrong port: RESTARTS climb and get pods shows CrashLoopBackOff', async () => {
    const watch = livenessWatch!;
    await watch.waitForOutput(/CrashLoopBackOff/, CRASH_LOOP_TIMEOUT_MS);
    const seen = () => parseTable(watch.output()).filter((r) => r.NAME === 'wt-liveness').map(restarts);
    await waitFor('RESTARTS 2 in get pods -w', async () => Math.max(...seen()) >= 2, CRASH_LOOP_TIMEOUT_MS).catch(() => undefined);
    const counts = seen();
    assert.ok(Math.max(...counts) >= 2, `RESTARTS seen: ${counts.join(', ')}\n${watch.output()}`);
    assert.ok(new Set(counts).size >= 2, `RESTARTS climb: ${counts.join(', ')}`);
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! >= counts[i - 1]!, `RESTARTS never go down: ${counts.join(', ')}`);
    const now = row(await k.table(['get', 'pods']), 'wt-liveness');
    assert.ok(now && restarts(now) >= 2, JSON.stringify(now));
    const described = await k.ok(['describe', 'pod', 'wt-liveness']);
    assert.match(described, /Warning\s+Unhealthy\s.*Liveness probe failed/);
    await livenessWatch!.stop();
    livenessWatch = undefined;
    await k.ok(['delete', 'pod', 'wt-liveness']);
  });

  it('a DaemonSet runs one pod on each of the three nodes', async () => {
    await k.apply(`
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: wt-agentd
spec:
  selector:
    matchLabels: {app: wt-agentd}
  template:
    metadata:
      labels: {app: wt-agentd}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: d
        image: ${BUSYBOX}
        command: [sleep, '3600']
`);
    const ds = await k.waitForTable('wt-agentd 3 ready', ['get', 'ds', 'wt-agentd'], (r) => row(r, 'wt-agentd')?.READY === '3');
    assert.deepEqual(headers(await k.ok(['get', 'ds'])), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    assert.deepEqual([row(ds, 'wt-agentd')?.DESIRED, row(ds, 'wt-agentd')?.CURRENT], ['3', '3']);
    const pods = await k.table(['get', 'pods', '-o', 'wide', '-l', 'app=wt-agentd']);
    assert.equal(pods.length, 3);
    assert.deepEqual(pods.map((p) => p.NODE).sort(), [...nodes].sort());
    await k.ok(['delete', 'ds', 'wt-agentd']);
  });

  it('a StatefulSet creates web-0, web-1, web-2 in order, each after the previous is Ready', async () => {
    const order: string[] = [];
    const watch = client.watch<Pod>(resources.pods, { namespace: 'default', labelSelector: 'app=wt-sts' });
    const watching = (async () => {
      for await (const ev of watch) {
        const name = ev.object.metadata.name!;
        if (ev.type === 'ADDED') order.push(`${name} created`);
        if (ev.type === 'MODIFIED' && isReady(ev.object) && !order.includes(`${name} ready`)) order.push(`${name} ready`);
      }
    })().catch(() => undefined);
    try {
      await k.apply(`
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels: {app: wt-sts}
  template:
    metadata:
      labels: {app: wt-sts}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: nginx
        image: ${NGINX}
        readinessProbe:
          tcpSocket: {port: 80}
          periodSeconds: 1
`);
      await k.waitForTable('web 3/3', ['get', 'sts', 'web'], (r) => row(r, 'web')?.READY === '3/3');
      assert.deepEqual(headers(await k.ok(['get', 'sts'])), ['NAME', 'READY', 'AGE']);
      const pods = await k.table(['get', 'pods', '-l', 'app=wt-sts']);
      assert.deepEqual(pods.map((p) => p.NAME), ['web-0', 'web-1', 'web-2']);
      assert.deepEqual(order, ['web-0 created', 'web-0 ready', 'web-1 created', 'web-1 ready', 'web-2 created', 'web-2 ready']);
      assert.equal(await k.ok(['exec', 'web-1', '--', 'cat', '/etc/hostname']), 'web-1\n');
    } finally {
      watch.cancel();
      await watching;
    }
    await k.ok(['delete', 'sts', 'web']);
  });

  it('a pod asking for more memory than any node has stays Pending with FailedScheduling', async () => {
    await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-huge
spec:
  containers:
  - name: app
    image: ${BUSYBOX}
    command: [sleep, '3600']
    resources:
      requests: {memory: 4000Gi}
`);
    const described = await k.waitForOutput('FailedScheduling in describe', ['describe', 'pod', 'wt-huge'], (out) => /FailedScheduling/.test(out));
    assert.match(described, /Warning\s+FailedScheduling\s.*0\/3 nodes are available: 3 Insufficient memory\./);
    assert.match(described, /^Node:\s+<none>$/m);
    await sleep(PENDING_OBSERVATION_MS);
    const rows = await k.table(['get', 'pods', 'wt-huge', '-o', 'wide']);
    assert.equal(row(rows, 'wt-huge')?.STATUS, 'Pending');
    assert.equal(row(rows, 'wt-huge')?.NODE, '<none>');
    await k.ok(['delete', 'pod', 'wt-huge']);
  });

  it('nodeSelector places a pod on the labelled node', async () => {
    const ssd = nodes[SSD_NODE_INDEX]!;
    const labelled = await k.table(['get', 'nodes', '-l', 'disktype=ssd']);
    assert.deepEqual(labelled.map((n) => n.NAME), [ssd]);
    await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: wt-ssd
spec:
  terminationGracePeriodSeconds: 0
  nodeSelector: {disktype: ssd}
  containers:
  - name: app
    image: ${BUSYBOX}
    command: [sleep, '3600']
`);
    const rows = await k.waitForTable('wt-ssd Running', ['get', 'pod', 'wt-ssd', '-o', 'wide'], (r) => row(r, 'wt-ssd')?.STATUS === 'Running');
    assert.equal(row(rows, 'wt-ssd')?.NODE, ssd);
    await k.ok(['delete', 'pod', 'wt-ssd']);
  });

  it('logs, logs -f and exec -it on a running pod', async () => {
    const logs = await k.waitForOutput('two log lines', ['logs', 'wt-logger'], (out) => /line-1\n/.test(out));
    assert.match(logs, /^line-0\nline-1\n/);
    const follow = k.start(['logs', '-f', 'wt-logger', '--tail', '1']);
    try {
      const first = await follow.waitForOutput(/line-(\d+)\n/);
      const n = Number(/line-(\d+)/.exec(first)![1]);
      await follow.waitForOutput(new RegExp(`line-${n + 1}\\n`));
      assert.equal(follow.child.exitCode, null, 'logs -f keeps following');
    } finally {
      await follow.stop();
    }
    // In a pseudo-terminal, as typed at a shell: the screen shows the typed line echoed, then the answers.
    const shell = await k.terminal(['exec', '-it', 'wt-logger', '--', 'sh', '-c', 'read line; echo "you typed: $line"; [ -t 0 ] && echo tty; hostname'], 'hello\n');
    assert.equal(shell.code, 0, shell.stdout + shell.stderr);
    const screen = screenText(shell.stdout);
    assert.match(screen, /^hello\n/, screen);
    assert.match(screen, /you typed: hello\ntty\nwt-logger\n$/, screen);
    assert.doesNotMatch(screen, /Unable to use a TTY/);
    // cp both ways: a file from the host into the pod, then back out under another name.
    const local = join(hostDir, 'notes.txt');
    writeFileSync(local, 'copied through kubectl cp\n');
    await k.ok(['cp', local, 'wt-logger:/tmp/notes.txt']);
    assert.equal(await k.ok(['exec', 'wt-logger', '--', 'cat', '/tmp/notes.txt']), 'copied through kubectl cp\n');
    await k.ok(['cp', 'wt-logger:/tmp/notes.txt', join(hostDir, 'back.txt')]);
    assert.equal(readFileSync(join(hostDir, 'back.txt'), 'utf8'), 'copied through kubectl cp\n');
    await k.ok(['delete', 'pod', 'wt-logger']);
  });

  it('drain refuses a naked pod without --force, and with a PodDisruptionBudget minAvailable 2 never leaves fewer than 2 ready replicas', async () => {
    const target = nodes[0]!;
    const others = nodes.filter((n) => n !== target);
    // Every replica starts on the node to drain, so each eviction has to wait for a replacement elsewhere.
    for (const n of others) await k.ok(['cordon', n]);
    await k.apply(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wt-guarded
spec:
  replicas: 3
  selector:
    matchLabels: {app: wt-guarded}
  template:
    metadata:
      labels: {app: wt-guarded}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: app
        image: ${BUSYBOX}
        command: [sleep, '3600']
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: wt-guarded
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: wt-guarded}
---
apiVersion: v1
kind: Pod
metadata:
  name: wt-naked
spec:
  nodeName: ${target}
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: ${BUSYBOX}
    command: [sleep, '3600']
`);
    await k.waitForTable('3 guarded pods running on the node to drain', ['get', 'pods', '-o', 'wide', '-l', 'app=wt-guarded'], (r) => running(r).filter((p) => p.NODE === target).length === 3);
    for (const n of others) await k.ok(['uncordon', n]);
    const pdbs = await k.waitForTable('the budget allows one disruption', ['get', 'pdb', 'wt-guarded'], (r) => row(r, 'wt-guarded')?.['ALLOWED DISRUPTIONS'] === '1');
    assert.deepEqual(headers(await k.ok(['get', 'pdb'])), ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    assert.deepEqual([row(pdbs, 'wt-guarded')?.['MIN AVAILABLE'], row(pdbs, 'wt-guarded')?.['MAX UNAVAILABLE']], ['2', 'N/A']);

    const drainArgs = ['drain', target, '--ignore-daemonsets', '--delete-emptydir-data', `--timeout=${DRAIN_TIMEOUT_S}s`];
    const refused = await k.run(drainArgs);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /cannot delete Pods that declare no controller \(use --force to override\): .*default\/wt-naked/);
    await k.ok(['delete', 'pod', 'wt-naked']);

    let fewest = Infinity;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const ready = (await livePods('app=wt-guarded')).filter(isReady).length;
        fewest = Math.min(fewest, ready);
        await sleep(DRAIN_SAMPLE_MS);
      }
    })();
    // --force only for naked pods earlier steps may have left on this node; the budget is what is under test.
    const drained = await k.run([...drainArgs, '--force']);
    sampling = false;
    await sampler;
    assert.equal(drained.code, 0, `${drained.stdout}\n${drained.stderr}`);
    assert.match(drained.stdout, /node\/\S+ drained/);
    assert.match(drained.stderr, /Cannot evict pod as it would violate the pod's disruption budget\./, 'the budget held at least one eviction back');
    assert.ok(fewest >= 2, `never fewer than minAvailable ready replicas while draining (fewest seen: ${fewest})`);
    const left = (await client.list<Pod>(resources.pods, { fieldSelector: `spec.nodeName=${target}` })).items.filter((p) => !p.metadata.deletionTimestamp);
    assert.deepEqual(left.filter((p) => p.metadata.ownerReferences?.[0]?.kind !== 'DaemonSet').map((p) => p.metadata.name), [], 'only DaemonSet pods stay on a drained node');
    // Drain ends when the evicted pods are gone; the last replacement may still be starting.
    await k.waitForTable('3 guarded pods running on the other nodes', ['get', 'pods', '-o', 'wide', '-l', 'app=wt-guarded'], (r) => running(r).filter((p) => p.NODE !== target).length === 3);
    await k.ok(['uncordon', target]);
    await k.ok(['delete', 'deployment', 'wt-guarded']);
    await k.ok(['delete', 'pdb', 'wt-guarded']);
  });

  it('killing one agent: its node goes NotReady and its deployment pods run elsewhere', async () => {
    await k.apply(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wt-failover
spec:
  replicas: 3
  selector:
    matchLabels: {app: wt-failover}
  template:
    metadata:
      labels: {app: wt-failover}
    spec:
      terminationGracePeriodSeconds: 0
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
      containers:
      - name: app
        image: ${BUSYBOX}
        command: [sleep, '3600']
`);
    const placed = await k.waitForTable('3 failover pods running', ['get', 'pods', '-o', 'wide', '-l', 'app=wt-failover'], (r) => running(r).length === 3 && r.length === 3);
    const doomed = placed[0]!.NODE!;
    const doomedPods = placed.filter((p) => p.NODE === doomed).map((p) => p.NAME!);
    const agent = cluster.agents.find((a) => a.nodeName === doomed)!;
    await agent.process.stop('SIGKILL');

    assert.deepEqual(headers(await k.ok(['get', 'nodes'])), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    await k.waitForTable(`${doomed} NotReady`, ['get', 'nodes'], (r) => row(r, doomed)?.STATUS === 'NotReady', FAILOVER_TIMEOUT_MS);
    const moved = await k.waitForTable(
      '3 failover pods running on the live nodes',
      ['get', 'pods', '-o', 'wide', '-l', 'app=wt-failover'],
      (r) => running(r).filter((p) => p.NODE !== doomed).length === 3,
      FAILOVER_TIMEOUT_MS,
    );
    const replacements = running(moved).filter((p) => p.NODE !== doomed);
    assert.ok(replacements.every((p) => !doomedPods.includes(p.NAME!)));
    assert.equal(replacements.filter((p) => !placed.some((q) => q.NAME === p.NAME)).length, doomedPods.length, 'one replacement per evicted pod');
    const others = nodes.filter((n) => n !== doomed);
    assert.deepEqual((await k.table(['get', 'nodes'])).filter((n) => others.includes(n.NAME!)).map((n) => n.STATUS), ['Ready', 'Ready']);
  });
});
