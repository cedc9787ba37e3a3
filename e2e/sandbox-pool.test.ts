// e2e: the agent's warm sandbox pool on real Docker. One agent with a pool of
// two serves every case: pods start in pause containers made before them and
// still see their own hostname, /etc/hosts and IP; pods never share one; an
// agent restart keeps the pod and refills the pool; a cordon drains it; a
// hostNetwork pod takes a fresh sandbox; a killed agent's waiting sandboxes are
// taken back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { LABEL_POD_UID, LABEL_SANDBOX_POOL } from '../agent/labels.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, POLL_INTERVAL_MS, waitForPod } from '../testkit/docker/pod-helpers.js';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';

const DOCKER_SKIP = await dockerSkipReason();
const POOL_SIZE = 2;
/** Filling the pool is a few pause containers: seconds, even on a loaded machine. */
const POOL_FILL_TIMEOUT_MS = 60_000;
/** What every app prints before it sleeps: what a fresh sandbox would show it. */
const REPORT = 'echo "host=$(hostname) uname=$(uname -n)"; echo "etc-hostname=$(cat /etc/hostname)"; cat /etc/hosts; sleep 3600';

const docker = new Docker();

interface PoolMemberInfo {
  id: string;
  name: string;
  running: boolean;
}

async function poolContainers(node: string): Promise<PoolMemberInfo[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX_POOL}=${node}`] } });
  return list.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), running: c.State === 'running' }));
}

/** The pool's waiting sandboxes: not yet renamed to a pod's. */
async function waitingMembers(node: string): Promise<PoolMemberInfo[]> {
  return (await poolContainers(node)).filter((c) => c.name.startsWith('flpool_'));
}

function waitForWaiting(node: string, count: number, what: string): Promise<PoolMemberInfo[]> {
  return waitFor(
    what,
    async () => {
      const waiting = await waitingMembers(node);
      return waiting.length === count && waiting.every((m) => m.running) ? waiting : undefined;
    },
    POOL_FILL_TIMEOUT_MS,
    POLL_INTERVAL_MS,
  );
}

/** The sandbox a pod runs in, claimed from the pool or fresh. */
async function sandboxOf(pod: Pod): Promise<Docker.ContainerInspectInfo> {
  const uid = pod.metadata.uid ?? '';
  const pooled = (await poolContainers(pod.spec.nodeName ?? '')).find((c) => c.name.endsWith(`_${uid}_0`));
  if (pooled) return docker.getContainer(pooled.id).inspect();
  const fresh = await docker.listContainers({ all: true, filters: { label: [`${LABEL_POD_UID}=${uid}`, 'io.flotilla.container-kind=sandbox'] } });
  assert.equal(fresh.length, 1, `pod ${pod.metadata.name} has one sandbox`);
  return docker.getContainer(fresh[0].Id).inspect();
}

async function appContainer(pod: Pod, name = 'app'): Promise<Docker.ContainerInspectInfo> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_POD_UID}=${pod.metadata.uid}`, `io.flotilla.container-name=${name}`] } });
  assert.equal(list.length, 1, `pod ${pod.metadata.name} has one ${name} container`);
  return docker.getContainer(list[0].Id).inspect();
}

async function logsOf(id: string): Promise<string> {
  const buffer = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  // Docker's multiplexed frames: an 8-byte header before each chunk.
  let out = '';
  for (let at = 0; at + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(at + 4);
    out += buffer.subarray(at + 8, at + 8 + size).toString('utf8');
    at += 8 + size;
  }
  return out;
}

/** Waits until the app has printed its report (it runs after the hostname is set). */
function reportOf(pod: Pod): Promise<string> {
  return waitFor(
    `pod ${pod.metadata.name} to print its report`,
    async () => {
      const logs = await logsOf((await appContainer(pod)).Id);
      return logs.includes('etc-hostname=') && logs.includes('localhost') ? logs : undefined;
    },
    POOL_FILL_TIMEOUT_MS,
    POLL_INTERVAL_MS,
  );
}

function assertLooksFresh(pod: Pod, report: string): void {
  const name = pod.metadata.name ?? '';
  assert.match(report, new RegExp(`^host=${name} uname=${name}$`, 'm'));
  assert.match(report, new RegExp(`^etc-hostname=${name}$`, 'm'));
  const ip = (pod.status?.podIP ?? '').replace(/\./g, '\\.');
  assert.match(report, new RegExp(`^${ip}\\t${name}$`, 'm'), 'the hosts file names the pod IP');
}

describe('warm sandbox pool', { skip: DOCKER_SKIP }, () => {
  let agent: TestAgent;
  let initialPool: PoolMemberInfo[] = [];
  const cp = useControlPlane(
    {},
    {
      setUp: async (handle) => {
        await ensureTestImages();
        agent = await startAgent(handle.address, { logDir: handle.plane.logDir, extraArgs: ['--sandbox-pool-size', String(POOL_SIZE)] });
        initialPool = await waitForWaiting(agent.nodeName, POOL_SIZE, 'the pool to fill');
      },
      tearDown: async () => {
        await agent?.stop();
      },
    },
  );
  let first: Pod;

  it('starts a pod in a sandbox made before it, with the pod\'s hostname, hosts file, resolv.conf and IP in every container', async () => {
    const manifest = podManifest('pooled-a', agent.nodeName, {
      volumes: [{ name: 'data', emptyDir: {} }],
      initContainers: [busybox('init', 'hostname > /data/init-host', { volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
      containers: [busybox('app', `echo "init-host=$(cat /data/init-host)"; ${REPORT}`, { volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
    });
    await cp.client.create(resources.pods, manifest);
    first = await waitForPod(cp.client, 'pooled-a', 'Ready', isReady);
    const sandbox = await sandboxOf(first);
    assert.ok(initialPool.some((m) => m.id === sandbox.Id), 'the sandbox is one of the pool\'s');
    assert.equal(first.status?.podIP, Object.values(sandbox.NetworkSettings.Networks)[0]?.IPAddress);
    const report = await reportOf(first);
    assertLooksFresh(first, report);
    assert.match(report, /^init-host=pooled-a$/m, 'init containers get the hostname too');
    const app = await appContainer(first);
    const resolv = await readFile(join(agent.stateDir, 'pods', first.metadata.uid ?? '', 'resolv.conf'), 'utf8');
    assert.equal(app.Mounts.find((m) => m.Destination === '/etc/resolv.conf')?.Source, join(agent.stateDir, 'pods', first.metadata.uid ?? '', 'resolv.conf'));
    assert.ok(resolv.includes('nameserver'));
  });

  it('never puts two pods in one sandbox, and refills the pool once the engine is idle', async () => {
    const names = ['pooled-b', 'pooled-c', 'pooled-d'];
    await Promise.all(names.map((n) => cp.client.create(resources.pods, podManifest(n, agent.nodeName, { containers: [busybox('app', REPORT)] }))));
    const pods = await Promise.all(names.map((n) => waitForPod(cp.client, n, 'Ready', isReady)));
    const sandboxes = await Promise.all(pods.map(sandboxOf));
    assert.equal(new Set(sandboxes.map((s) => s.Id)).size, names.length, 'one sandbox each');
    assert.equal(new Set(pods.map((p) => p.status?.podIP)).size, names.length, 'one IP each');
    for (const pod of pods) assertLooksFresh(pod, await reportOf(pod));
    await waitForWaiting(agent.nodeName, POOL_SIZE, 'the pool to refill');
    await Promise.all(names.map((n) => cp.client.delete(resources.pods, 'default', n)));
  });

  it('keeps a pooled pod across an agent restart without restarting its containers, and refills the pool', async () => {
    const appBefore = await appContainer(first);
    const sandboxBefore = await sandboxOf(first);
    await agent.stopProcess();
    assert.deepEqual(await waitingMembers(agent.nodeName), [], 'a stopping agent removes the waiting sandboxes');
    await agent.restart();
    await waitForWaiting(agent.nodeName, POOL_SIZE, 'the pool to refill after the restart');
    const pod = await waitForPod(cp.client, 'pooled-a', 'Ready', isReady);
    assert.equal(pod.status?.containerStatuses?.[0]?.restartCount, 0);
    const appAfter = await appContainer(pod);
    assert.equal(appAfter.Id, appBefore.Id);
    assert.equal(appAfter.State.StartedAt, appBefore.State.StartedAt, 'the app was not restarted');
    assert.equal((await sandboxOf(pod)).Id, sandboxBefore.Id, 'the claimed sandbox was adopted, not replaced');
  });

  it('drains the pool while the node is cordoned and refills it when uncordoned', async () => {
    await cp.client.patch(resources.nodes, '', agent.nodeName, 'merge', { spec: { unschedulable: true } });
    await waitForWaiting(agent.nodeName, 0, 'the pool to drain');
    assert.equal((await sandboxOf(first)).State.Running, true, 'a claimed sandbox stays with its pod');
    await cp.client.patch(resources.nodes, '', agent.nodeName, 'merge', { spec: { unschedulable: false } });
    await waitForWaiting(agent.nodeName, POOL_SIZE, 'the pool to refill after the uncordon');
  });

  it('gives a hostNetwork pod a fresh sandbox and leaves the pool alone', async () => {
    const waiting = (await waitingMembers(agent.nodeName)).map((m) => m.id).sort();
    const pod = podManifest('host-net', agent.nodeName, { hostNetwork: true, containers: [busybox('app', 'sleep 3600')] });
    await cp.client.create(resources.pods, pod);
    const running = await waitForPod(cp.client, 'host-net', 'Ready', isReady);
    const sandbox = await sandboxOf(running);
    assert.equal(sandbox.Config.Labels?.[LABEL_SANDBOX_POOL], undefined);
    assert.equal(sandbox.HostConfig.NetworkMode, 'host');
    const app = await appContainer(running);
    assert.notEqual(app.Config.Entrypoint?.[0], '/.flotilla/busybox', 'no hostname shim');
    assert.deepEqual((await waitingMembers(agent.nodeName)).map((m) => m.id).sort(), waiting);
  });

  it('takes back the waiting sandboxes an agent killed without its shutdown left', async () => {
    const waiting = (await waitForWaiting(agent.nodeName, POOL_SIZE, 'a full pool')).map((m) => m.id).sort();
    await agent.process.stop('SIGKILL');
    await agent.restart();
    const pod = await waitForPod(cp.client, 'pooled-a', 'Ready', isReady);
    assert.equal(pod.status?.containerStatuses?.[0]?.restartCount, 0);
    const after = (await waitForWaiting(agent.nodeName, POOL_SIZE, 'the pool after the restart')).map((m) => m.id).sort();
    assert.deepEqual(after, waiting, 'the same sandboxes wait, none made again');
  });
});
