// e2e: a real etcd + apiserver + agent as processes, on the real Docker
// engine, pods bound by spec.nodeName (no scheduler). The pods start together
// to keep the run short; each test then checks one behaviour.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { freePort } from '../../testkit/processes/free-port.js';
import { waitFor } from '../../testkit/processes/child-process.js';
import { containerLabels } from '../labels.js';
import { startAgent, TEST_NGINX_IMAGE, TEST_PAUSE_IMAGE, type TestAgent } from '../../testkit/processes/agent-process.js';
import {
  busybox,
  containerStatus,
  dockerSkipReason,
  dockerContainersOfPod,
  ensureTestImages,
  isReady,
  podEvents,
  podManifest,
  PodHistory,
  waitForPod,
  waitForPodGone,
} from '../../testkit/docker/pod-helpers.js';
import { resources } from '../../api/resources.js';

const DOCKER_SKIP = await dockerSkipReason();
/** The second restart must wait for CrashLoopBackOff's first step (10 s); allow for scheduling slack. */
const MIN_BACKOFF_GAP_MS = 9_000;
const LIVENESS_TIMEOUT_MS = 60_000;
/** Long enough for the restarted agent to resync every pod at least once. */
const ADOPTION_SETTLE_MS = 4_000;
/** Longer than the settle time: a restarted agent that forgot readiness would still report the pod unready. */
const ADOPTED_READINESS_DELAY_SECONDS = 8;
/** Far longer than the test may take: only a shortened grace period lets the pod go in time. */
const LONG_GRACE_SECONDS = 60;
const SHORT_GRACE_SECONDS = 1;
const SHORTENED_STOP_MAX_MS = 10_000;
/** Several periods of the readiness probe: a leaked prober of a removed container would have fired. */
const PROBE_LEAK_WATCH_MS = 3_000;
const RACING_PROBES_ALLOWED = 2;
/** Long enough for the agent to be inside the first, long stop. */
const STOP_IN_PROGRESS_MS = 1_000;

describe('agent runs pods on Docker', { skip: DOCKER_SKIP }, () => {
  let cp: TestControlPlane;
  let agent: TestAgent;
  let client: ApiClient;
  let hostDir: string;
  let node: string;
  let history: PodHistory;
  let hostPort: number;
  /** A host port already taken, so the sandbox publishing it cannot start. */
  let busyPort: Server;

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane();
    client = cp.apiserver.client();
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir });
    node = agent.nodeName;
    hostDir = mkdtempSync(join(tmpdir(), 'flotilla-hostpath-'));
    hostPort = await freePort();
    history = new PodHistory(client);
    busyPort = createServer();
    await new Promise<void>((resolve) => busyPort.listen(0, '0.0.0.0', resolve));
    const pods: Pod[] = [
      podManifest('web', node, {
        volumes: [{ name: 'html', emptyDir: {} }],
        containers: [
          { name: 'nginx', image: TEST_NGINX_IMAGE, ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }] },
          busybox('writer', 'echo hello-flotilla > /html/index.html; exec sleep 3600', { volumeMounts: [{ name: 'html', mountPath: '/html' }] }),
        ],
      }),
      podManifest('shared-host', node, {
        volumes: [{ name: 'shared', hostPath: { path: join(hostDir, 'shared'), type: 'DirectoryOrCreate' } }],
        containers: ['one', 'two', 'three'].map((n) =>
          busybox(n, `echo ${n} > /shared/${n}; exec sleep 3600`, { volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }),
        ),
      }),
      podManifest('init-order', node, {
        volumes: [{ name: 'work', emptyDir: {} }],
        initContainers: [busybox('setup', 'sleep 2; echo done > /work/init-done', { volumeMounts: [{ name: 'work', mountPath: '/work' }] })],
        containers: [busybox('app', 'test -f /work/init-done || exit 7; exec sleep 3600', { volumeMounts: [{ name: 'work', mountPath: '/work' }] })],
      }),
      podManifest('liveness', node, {
        terminationGracePeriodSeconds: 1,
        containers: [busybox('app', 'exec sleep 3600', { livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 } })],
      }),
      podManifest('readiness', node, {
        containers: [busybox('app', 'sleep 3; touch /tmp/ready; exec sleep 3600', { readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 } })],
      }),
      podManifest('never-fails', node, { restartPolicy: 'Never', containers: [busybox('app', 'exit 3')] }),
      podManifest('on-failure', node, {
        restartPolicy: 'OnFailure',
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          busybox('app', 'if [ -f /data/once ]; then echo second-1; echo second-2; exit 0; fi; touch /data/once; echo first-run; exit 1', {
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }),
        ],
      }),
      podManifest('hooks', node, {
        volumes: [{ name: 'hooks', hostPath: { path: join(hostDir, 'hooks'), type: 'DirectoryOrCreate' } }],
        containers: [
          busybox('app', 'exec sleep 3600', {
            volumeMounts: [{ name: 'hooks', mountPath: '/hooks' }],
            lifecycle: {
              postStart: { exec: { command: ['sh', '-c', 'echo post > /hooks/post-start'] } },
              preStop: { exec: { command: ['sh', '-c', 'echo pre > /hooks/pre-stop'] } },
            },
          }),
        ],
      }),
      podManifest('port-clash', node, { containers: [busybox('app', 'exec sleep 3600', { ports: [{ containerPort: 80, hostPort: (busyPort.address() as AddressInfo).port }] })] }),
      podManifest('adopt-ready', node, {
        containers: [busybox('app', 'exec sleep 3600', { readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: ADOPTED_READINESS_DELAY_SECONDS, periodSeconds: 1 } })],
      }),
      podManifest('slow-stop', node, {
        terminationGracePeriodSeconds: LONG_GRACE_SECONDS,
        containers: [busybox('app', 'trap "" TERM; while true; do sleep 1; done')],
      }),
      podManifest('missing-image', node, { containers: [{ name: 'app', image: 'flotilla/does-not-exist:1.0' }] }),
      podManifest('shared-ns', node, {
        shareProcessNamespace: true,
        hostAliases: [{ ip: '10.11.12.13', hostnames: ['db.example'] }],
        containers: [
          busybox('server', 'mkdir -p /www && echo hi-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www', {
            ports: [{ containerPort: 8080, hostPort }],
          }),
          busybox('sidecar', 'exec sleep 3600', { resources: { limits: { memory: '32Mi', cpu: '250m' } } }),
        ],
      }),
      podManifest('host-net', node, { hostNetwork: true, containers: [busybox('app', 'exec sleep 3600')] }),
      podManifest('deadline', node, { activeDeadlineSeconds: 2, terminationGracePeriodSeconds: 1, containers: [busybox('app', 'exec sleep 3600')] }),
      podManifest('bad-mount', node, {
        volumes: [{ name: 'nope', hostPath: { path: join(hostDir, 'absent'), type: 'Directory' } }],
        containers: [busybox('app', 'exec sleep 3600', { volumeMounts: [{ name: 'nope', mountPath: '/nope' }] })],
      }),
    ];
    await Promise.all(pods.map((p) => client.create(resources.pods, p)));
  });

  after(async () => {
    await history?.stop();
    busyPort?.close();
    await agent?.stop();
    await cp?.stop();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  });

  it('registers a Ready node with capacity and a lease', async () => {
    const n = await client.get<import('../../api/types/index.js').Node>(resources.nodes, '', node);
    assert.equal(n.metadata.labels?.['kubernetes.io/hostname'], node);
    assert.equal(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.match(n.status?.capacity?.cpu ?? '', /^\d+$/);
    assert.match(n.status?.capacity?.memory ?? '', /^\d+Ki$/);
    const lease = await client.get<import('../../api/types/index.js').Lease>(resources.leases, 'kube-node-lease', node);
    assert.equal(lease.spec?.holderIdentity, node);
  });

  it('runs two containers sharing an emptyDir and one IP: nginx serves what the writer wrote', async () => {
    const pod = await waitForPod(client, 'web', 'Ready', isReady);
    const podIP = pod.status?.podIP ?? '';
    assert.match(podIP, /^\d+\.\d+\.\d+\.\d+$/);
    const streaming = agent.streaming();
    const page = await streaming.exec({ namespace: 'default', name: 'web', container: 'writer', command: ['wget', '-qO-', 'http://127.0.0.1/'] });
    assert.equal(page.exitCode, 0, page.stderr);
    assert.equal(page.stdout.trim(), 'hello-flotilla');
    const echoed = await streaming.exec({ namespace: 'default', name: 'web', container: 'writer', command: ['sh', '-c', 'cat; exit 3'] }, Buffer.from('from stdin\n'));
    assert.deepEqual(echoed, { stdout: 'from stdin\n', stderr: '', exitCode: 3 });
    const addr = await streaming.exec({ namespace: 'default', name: 'web', container: 'writer', command: ['ip', '-4', '-o', 'addr', 'show', 'eth0'] });
    assert.match(addr.stdout, new RegExp(`inet ${podIP.replace(/\./g, '\\.')}/`));
    // nginx answers on the same address from outside the pod.
    const res = await fetch(`http://${podIP}/`);
    assert.equal((await res.text()).trim(), 'hello-flotilla');
  });

  it('shares a hostPath between three containers', async () => {
    await waitForPod(client, 'shared-host', 'Ready', isReady);
    const dir = join(hostDir, 'shared');
    await waitFor('three files in the hostPath', async () => readdirSync(dir).length === 3, 10_000);
    assert.deepEqual(readdirSync(dir).sort(), ['one', 'three', 'two']);
  });

  it('runs init containers to completion before app containers', async () => {
    const pod = await waitForPod(client, 'init-order', 'Running', (p) => p.status?.phase === 'Running');
    const init = pod.status?.initContainerStatuses?.[0];
    assert.equal(init?.state?.terminated?.reason, 'Completed');
    const app = containerStatus(pod, 'app');
    assert.equal(app?.restartCount, 0, 'the app found the init container’s file at its first start');
    assert.ok(Date.parse(init?.state?.terminated?.finishedAt ?? '') <= Date.parse(app?.state?.running?.startedAt ?? ''));
    assert.equal(pod.status?.conditions?.find((c) => c.type === 'Initialized')?.status, 'True');
  });

  it('restarts a container whose liveness probe fails, with a growing backoff', async () => {
    await waitForPod(client, 'liveness', 'a second restart', (p) => (containerStatus(p, 'app')?.restartCount ?? 0) >= 2 && containerStatus(p, 'app')?.state?.running !== undefined, LIVENESS_TIMEOUT_MS);
    // When each instance was first seen running; an instance whose running state a busy machine
    // coalesced away is dated by the first status that counted its restart.
    const startedAt = new Map<number, number>();
    const countedAt = new Map<number, number>();
    for (const o of history.of('liveness')) {
      const cs = containerStatus(o.pod, 'app');
      if (!cs) continue;
      if (cs.state?.running && !startedAt.has(cs.restartCount)) startedAt.set(cs.restartCount, o.at);
      for (let n = 0; n <= cs.restartCount; n++) if (!countedAt.has(n)) countedAt.set(n, o.at);
    }
    const [t0, t1, t2] = [0, 1, 2].map((n) => startedAt.get(n) ?? countedAt.get(n) ?? Number.NaN);
    const gap1 = t1 - t0;
    const gap2 = t2 - t1;
    assert.ok(gap2 >= MIN_BACKOFF_GAP_MS, `second restart came ${gap2} ms after the first`);
    assert.ok(gap2 > gap1, `backoff grows: ${gap1} ms then ${gap2} ms`);
    const waitingReasons = history.of('liveness').map((o) => containerStatus(o.pod, 'app')?.state?.waiting?.reason);
    assert.ok(waitingReasons.includes('CrashLoopBackOff'), 'the container waited in CrashLoopBackOff');
    const pod = await client.get<Pod>(resources.pods, 'default', 'liveness');
    const reasons = new Set((await podEvents(client, pod)).map((e) => e.reason));
    for (const reason of ['Unhealthy', 'Killing', 'BackOff']) assert.ok(reasons.has(reason), `event ${reason} in ${[...reasons].join(',')}`);
    assert.equal(containerStatus(pod, 'app')?.lastState?.terminated?.exitCode, 137);
  });

  it('keeps a pod not Ready until its readiness probe passes', async () => {
    const pod = await waitForPod(client, 'readiness', 'Ready', isReady);
    assert.equal(containerStatus(pod, 'app')?.ready, true);
    const runningUnready = history.of('readiness').filter((o) => containerStatus(o.pod, 'app')?.state?.running && !isReady(o.pod));
    assert.ok(runningUnready.length > 0, 'the pod ran for a while without being Ready');
    const readyAt = history.of('readiness').find((o) => isReady(o.pod))?.at ?? 0;
    assert.ok(readyAt > runningUnready[0].at, 'Ready came only after the pod had been running unready');
  });

  it('stops probing a container removed behind its back and replaces it', async () => {
    const before = await waitForPod(client, 'readiness', 'Ready', isReady);
    const oldId = containerStatus(before, 'app')?.containerID?.replace('docker://', '') ?? '';
    await new Docker().getContainer(oldId).remove({ force: true });
    await waitForPod(client, 'readiness', 'Ready with a new container', (p) => isReady(p) && containerStatus(p, 'app')?.containerID !== `docker://${oldId}`);
    await new Promise((r) => setTimeout(r, PROBE_LEAK_WATCH_MS));
    // One probe may still hit the removed container before the agent notices; a leaked prober keeps firing.
    const leaked = (await podEvents(client, before)).filter((e) => e.reason === 'Unhealthy' && /no such container/i.test(e.message ?? ''));
    const fired = leaked.reduce((n, e) => n + (e.count ?? 1), 0);
    assert.ok(fired <= RACING_PROBES_ALLOWED, leaked.map((e) => `${e.count}x ${e.message}`).join('\n'));
  });

  it('restartPolicy Never: a failing container fails the pod without restarts', async () => {
    const pod = await waitForPod(client, 'never-fails', 'Failed', (p) => p.status?.phase === 'Failed');
    const cs = containerStatus(pod, 'app');
    assert.equal(cs?.state?.terminated?.exitCode, 3);
    assert.equal(cs?.state?.terminated?.reason, 'Error');
    assert.equal(cs?.restartCount, 0);
  });

  it('restartPolicy OnFailure: restarts after a failure, then succeeds', async () => {
    const pod = await waitForPod(client, 'on-failure', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
    const cs = containerStatus(pod, 'app');
    assert.equal(cs?.restartCount, 1);
    assert.equal(cs?.state?.terminated?.reason, 'Completed');
    assert.equal(cs?.lastState?.terminated?.exitCode, 1);
    const streaming = agent.streaming();
    const ref = { namespace: 'default', name: 'on-failure' };
    assert.equal(await streaming.logsText(ref), 'second-1\nsecond-2\n');
    assert.equal(await streaming.logsText({ ...ref, tailLines: 1, hasTailLines: true }), 'second-2\n');
    assert.equal(await streaming.logsText({ ...ref, previous: true }), 'first-run\n');
  });

  it('runs postStart after start and preStop before stopping', async () => {
    await waitForPod(client, 'hooks', 'Running', (p) => p.status?.phase === 'Running');
    assert.equal(readFileSync(join(hostDir, 'hooks', 'post-start'), 'utf8').trim(), 'post');
    assert.equal(existsSync(join(hostDir, 'hooks', 'pre-stop')), false);
    await client.delete(resources.pods, 'default', 'hooks');
    await waitForPodGone(client, 'hooks');
    assert.equal(readFileSync(join(hostDir, 'hooks', 'pre-stop'), 'utf8').trim(), 'pre');
  });

  it('honours a grace period shortened by a second delete while the pod stops', async () => {
    await waitForPod(client, 'slow-stop', 'Running', (p) => p.status?.phase === 'Running');
    await client.delete(resources.pods, 'default', 'slow-stop');
    await new Promise((r) => setTimeout(r, STOP_IN_PROGRESS_MS));
    const started = Date.now();
    await client.delete(resources.pods, 'default', 'slow-stop', { gracePeriodSeconds: SHORT_GRACE_SECONDS });
    await waitForPodGone(client, 'slow-stop', SHORTENED_STOP_MAX_MS);
    assert.ok(Date.now() - started < SHORTENED_STOP_MAX_MS);
  });

  it('reports ImagePullBackOff with a clear event for an image that does not exist', async () => {
    const pod = await waitForPod(client, 'missing-image', 'ImagePullBackOff', (p) => containerStatus(p, 'app')?.state?.waiting?.reason === 'ImagePullBackOff');
    assert.equal(pod.status?.phase, 'Pending');
    const messages = (await podEvents(client, pod)).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(
      messages.some((m) => m.startsWith('Failed: Failed to pull image "flotilla/does-not-exist:1.0"')),
      messages.join('\n'),
    );
  });

  it('shares the PID namespace, publishes hostPorts, writes hostAliases and applies limits', async () => {
    await waitForPod(client, 'shared-ns', 'Ready', isReady);
    const res = await fetch(`http://127.0.0.1:${hostPort}/`);
    assert.equal((await res.text()).trim(), 'hi-from-httpd');
    const streaming = agent.streaming();
    const inSidecar = (command: string[]) => streaming.exec({ namespace: 'default', name: 'shared-ns', container: 'sidecar', command });
    assert.match((await inSidecar(['ps'])).stdout, /httpd -f -p 8080/, 'the sidecar sees the server’s processes');
    assert.match((await inSidecar(['cat', '/etc/hosts'])).stdout, /^10\.11\.12\.13\tdb\.example$/m);
    const limit = await inSidecar(['sh', '-c', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes']);
    assert.equal(limit.stdout.trim(), String(32 * 1024 * 1024));
  });

  it('recreates a sandbox that died, restarting the pod’s containers', async () => {
    const pod = await waitForPod(client, 'shared-ns', 'Ready', isReady);
    const [sandbox] = await new Docker().listContainers({ filters: { label: [`io.flotilla.pod-uid=${pod.metadata.uid}`, 'io.flotilla.container-kind=sandbox'] } });
    await new Docker().getContainer(sandbox.Id).kill();
    // The pod shares its PID namespace, so the pause container's death kills its
    // containers too: a busy machine may see them exit (and restart them once)
    // before it sees the sandbox gone, so count at least one restart each.
    const after = await waitForPod(client, 'shared-ns', 'Ready again after restarts', (p) => isReady(p) && (p.status?.containerStatuses ?? []).every((c) => c.restartCount >= 1));
    assert.ok((await podEvents(client, after)).some((e) => e.reason === 'SandboxChanged'));
    const res = await fetch(`http://127.0.0.1:${hostPort}/`);
    assert.equal((await res.text()).trim(), 'hi-from-httpd', 'the hostPort follows the new sandbox');
  });

  it('runs hostNetwork pods on the node’s address', async () => {
    const pod = await waitForPod(client, 'host-net', 'Running', (p) => p.status?.phase === 'Running');
    assert.equal(pod.status?.podIP, pod.status?.hostIP);
    const link = await agent.streaming().exec({ namespace: 'default', name: 'host-net', command: ['ip', '-o', 'link', 'show', 'lo'] });
    assert.equal(link.exitCode, 0);
    const sandboxLinks = await agent.streaming().exec({ namespace: 'default', name: 'host-net', command: ['sh', '-c', 'ls /sys/class/net'] });
    assert.ok(sandboxLinks.stdout.split('\n').some((l) => l.startsWith('docker0') || l.startsWith('br-')), 'the host’s bridges are visible');
  });

  it('fails a pod that outlives activeDeadlineSeconds', async () => {
    const pod = await waitForPod(client, 'deadline', 'Failed', (p) => p.status?.phase === 'Failed');
    assert.equal(pod.status?.reason, 'DeadlineExceeded');
    assert.equal(containerStatus(pod, 'app')?.state?.terminated?.exitCode, 137);
  });

  it('reports FailedCreatePodSandBox when the sandbox cannot start', async () => {
    const pod = await client.get<Pod>(resources.pods, 'default', 'port-clash');
    await waitFor(
      'FailedCreatePodSandBox',
      async () => (await podEvents(client, pod)).some((e) => e.reason === 'FailedCreatePodSandBox' && /address already in use/.test(e.message ?? '')),
      20_000,
    );
    const events = await podEvents(client, pod);
    assert.ok(!events.some((e) => e.reason === 'SandboxChanged'), 'a sandbox that never started is not reported as changed');
  });

  it('reports FailedMount for a hostPath that fails its type check', async () => {
    const pod = await client.get<Pod>(resources.pods, 'default', 'bad-mount');
    await waitFor(
      'FailedMount',
      async () => (await podEvents(client, pod)).some((e) => e.reason === 'FailedMount' && /hostPath type check failed: .*absent is not a directory/.test(e.message ?? '')),
      20_000,
    );
    const now = await client.get<Pod>(resources.pods, 'default', 'bad-mount');
    assert.equal(now.status?.phase, 'Pending');
    assert.equal(containerStatus(now, 'app')?.state?.waiting?.reason, 'ContainerCreating');
    assert.deepEqual(await dockerContainersOfPod(now.metadata.uid ?? ''), [], 'nothing starts before its volumes are there');
  });

  it('adopts running pods after an agent restart and removes orphaned containers', async () => {
    const before = await waitForPod(client, 'web', 'Ready', isReady);
    const uid = before.metadata.uid ?? '';
    const idsBefore = (await dockerContainersOfPod(uid)).map((c) => c.Id).sort();
    await waitForPod(client, 'adopt-ready', 'Ready', isReady);
    await agent.stopProcess();
    const docker = new Docker();
    const orphanPod = podManifest('ghost', node, { containers: [] });
    orphanPod.metadata.uid = 'ghost-uid-that-no-pod-has';
    const orphan = await docker.createContainer({ Image: TEST_PAUSE_IMAGE, Labels: containerLabels(node, orphanPod, 'POD', 'sandbox', 0) });
    await orphan.start();
    await agent.restart();
    await new Promise((r) => setTimeout(r, ADOPTION_SETTLE_MS));
    const idsAfter = (await dockerContainersOfPod(uid)).map((c) => c.Id).sort();
    assert.deepEqual(idsAfter, idsBefore, 'no container was replaced or duplicated');
    const pod = await client.get<Pod>(resources.pods, 'default', 'web');
    assert.ok(isReady(pod));
    assert.deepEqual(pod.status?.containerStatuses?.map((c) => c.restartCount), [0, 0]);
    assert.ok(isReady(await client.get<Pod>(resources.pods, 'default', 'adopt-ready')), 'an adopted pod stays Ready without waiting for its readiness probe');
    await waitFor('the orphan to be removed', async () => (await dockerContainersOfPod('ghost-uid-that-no-pod-has')).length === 0, 15_000);
  });

  it('deleting a pod leaves no container and no emptyDir behind', async () => {
    const pod = await client.get<Pod>(resources.pods, 'default', 'web');
    const uid = pod.metadata.uid ?? '';
    assert.ok(existsSync(join(agent.stateDir, 'pods', uid, 'volumes', 'empty-dir', 'html')));
    const result = await client.delete(resources.pods, 'default', 'web');
    assert.equal(result.deleted, false, 'a running pod is deleted gracefully');
    await waitForPodGone(client, 'web');
    assert.deepEqual(await dockerContainersOfPod(uid), []);
    assert.equal(existsSync(join(agent.stateDir, 'pods', uid)), false);
  });
});
