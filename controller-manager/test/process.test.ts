// The controller-manager process as a whole: /healthz and /metrics, leader
// election between two candidates, and a leader killed in the middle of a
// rollout whose successor finishes it without duplicating pods.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet, WatchEvent } from '../../api/types/index.js';
import { startControllerManager, type ControllerManagerProcess } from '../../testkit/processes/controller-manager-process.js';
import { PodWatch } from '../../testkit/objects/pod-watch.js';
import { deployment, eventually, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'cm-process-it';
const DEPLOY = resources.deployments;
const RS = resources.replicaSets;
const LEADER_ARGS = ['--leader-elect-lease-duration', '3s', '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '500ms', '--controllers', 'replicaset,deployment'];
/** Lease expiry plus a retry or two. */
const TAKEOVER_TIMEOUT_MS = 20_000;

const managers: ControllerManagerProcess[] = [];

// Registered first so that it runs before the cluster's own teardown.
after(async () => {
  for (const m of managers) await m.stop();
});

const env = useControllerCluster({ namespaces: [NS], agent: { nodes: ['cmp-node-a'] } });

async function start(identity: string): Promise<ControllerManagerProcess> {
  const m = await startControllerManager(env.plane.apiserver.address, env.plane.logDir, { identity, name: `cm-${identity}`, extraArgs: LEADER_ARGS });
  managers.push(m);
  return m;
}

function leaderMetric(text: string): number {
  const line = text.split('\n').find((l) => l.startsWith('leader_election_master_status{'));
  return line ? Number(line.trim().split(/\s+/).at(-1)) : -1;
}

async function rolledOut(name: string): Promise<boolean> {
  const d = await env.client.get<Deployment>(DEPLOY, NS, name);
  const want = d.spec.replicas ?? 1;
  const s = d.status;
  return (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s?.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
}

test('one leader among two; /healthz and /metrics; a killed leader mid-rollout is replaced and the rollout finishes without duplicates', async () => {
  const a = await start('alpha');
  const b = await start('beta');
  assert.equal((await fetch(`http://127.0.0.1:${a.healthPort}/healthz`)).status, 200);
  await eventually('one leader', async () => leaderMetric(await a.metrics()) + leaderMetric(await b.metrics()) === 1, TAKEOVER_TIMEOUT_MS);
  const [leader, standby] = leaderMetric(await a.metrics()) === 1 ? [a, b] : [b, a];

  const spec = deployment(NS, 'restart', 10, { app: 'restart' });
  spec.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } };
  await env.client.create<Deployment>(DEPLOY, spec);
  await eventually('rolled out', () => rolledOut('restart'));
  const metrics = await leader.metrics();
  assert.match(metrics, /workqueue_adds_total\{name="deployment"\} [1-9]/);
  assert.match(metrics, /workqueue_adds_total\{name="replicaset"\} [1-9]/);
  assert.match(metrics, /controller_sync_duration_seconds_count\{controller="deployment",result="success"\} [1-9]/);
  assert.equal(leaderMetric(await standby.metrics()), 0);

  const watch = new PodWatch(env.client, NS, 'app=restart');
  // The surge bound is the deployment controller's promise about its ReplicaSets' replicas; pods
  // follow a moment later (an old pod's deletion may trail a new pod's creation), so it is checked there.
  const rsStream = env.client.watch<ReplicaSet>(RS, { namespace: NS, labelSelector: 'app=restart' });
  const rsReplicas = new Map<string, number>();
  let maxReplicas = 0;
  const rsDone = (async () => {
    for await (const ev of rsStream as AsyncIterable<WatchEvent<ReplicaSet>>) {
      if (ev.type === 'DELETED') rsReplicas.delete(ev.object.metadata.name ?? '');
      else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') rsReplicas.set(ev.object.metadata.name ?? '', ev.object.spec.replicas ?? 0);
      maxReplicas = Math.max(maxReplicas, [...rsReplicas.values()].reduce((a, b) => a + b, 0));
    }
  })().catch(() => undefined);
  await sleepMs(300);
  env.agent.setPaused(true);
  const d = await env.client.get<Deployment>(DEPLOY, NS, 'restart');
  d.spec.template.spec.containers[0]!.image = 'busybox:1.37';
  await env.client.update<Deployment>(DEPLOY, d);
  await eventually('the surge pods of the new template exist', async () => {
    const rss = (await env.client.list<ReplicaSet>(RS, { namespace: NS })).items;
    return rss.some((rs) => rs.spec.template.spec.containers[0]?.image === 'busybox:1.37' && rs.status?.replicas === 2);
  });
  await leader.kill();
  const restarted = await start(leader === a ? 'alpha-2' : 'beta-2');
  env.agent.setPaused(false);
  await eventually('a new leader', async () => leaderMetric(await standby.metrics()) + leaderMetric(await restarted.metrics()) === 1, TAKEOVER_TIMEOUT_MS);
  await eventually('rollout finished', () => rolledOut('restart'), TAKEOVER_TIMEOUT_MS);
  await sleepMs(500);
  await watch.stop();
  const rss = (await env.client.list<ReplicaSet>(RS, { namespace: NS })).items;
  const fresh = rss.find((rs) => rs.spec.template.spec.containers[0]?.image === 'busybox:1.37')!;
  const hash = fresh.metadata.labels?.['pod-template-hash'] ?? '';
  assert.equal(watch.createdByHash.get(hash)?.size, 10, 'exactly 10 pods of the new template were ever created');
  rsStream.cancel();
  await rsDone;
  assert.ok(maxReplicas <= 12, `the ReplicaSets' replicas summed to ${maxReplicas}, over replicas + maxSurge`);
  assert.equal(rss.filter((rs) => rs.spec.template.spec.containers[0]?.image === 'busybox:1.37').length, 1, 'one new ReplicaSet');
});
