// The Deployment controller (with the ReplicaSet controller) in the real
// controller-manager process; a fake agent binds pods and makes them Ready,
// except pods of the image `bad:1`, which never become ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { PodWatch } from '../../testkit/objects/pod-watch.js';
import { deployment, eventually, livePods, podsOf, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'deploy-it';
const DEPLOY = resources.deployments;
const RS = resources.replicaSets;
const BAD_IMAGE = 'bad:1';
/** Long enough for a controller that should not act to have acted. */
const QUIET_MS = 1_500;
/** Time for a new pod watch to deliver the pods already there. */
const WATCH_SETTLE_MS = 300;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['dep-node-a', 'dep-node-b'], readyWhen: (p) => p.spec.containers[0]?.image !== BAD_IMAGE },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment'],
});

function get(name: string): Promise<Deployment> {
  return env.client.get<Deployment>(DEPLOY, NS, name);
}

async function replicaSetsOf(name: string): Promise<ReplicaSet[]> {
  const d = await get(name);
  const all = (await env.client.list<ReplicaSet>(RS, { namespace: NS })).items;
  return all.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller));
}

/** Edits the Deployment with a fresh read (retrying on Conflict). */
async function edit(name: string, change: (d: Deployment) => void): Promise<Deployment> {
  for (;;) {
    const d = await get(name);
    change(d);
    try {
      return await env.client.update<Deployment>(DEPLOY, d);
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'Conflict') throw err;
    }
  }
}

async function rolledOut(name: string): Promise<boolean> {
  const d = await get(name);
  const s = d.status;
  const want = d.spec.replicas ?? 1;
  return (
    (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    s?.updatedReplicas === want &&
    s.replicas === want &&
    s.availableReplicas === want &&
    s.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable'
  );
}

function setImage(d: Deployment, image: string): void {
  d.spec.template.spec.containers[0]!.image = image;
}

/**
 * Waits for the Deployment `name` (pods labelled app=<name>) to be rolled out,
 * changes it and waits for the new rollout, returning the most live and the
 * fewest ready pods seen on the way.
 */
async function rollOutWatching(name: string, change: (d: Deployment) => void): Promise<{ maxLive: number; minReady: number }> {
  await eventually(`${name} rolled out`, () => rolledOut(name));
  const watch = new PodWatch(env.client, NS, `app=${name}`);
  await sleepMs(WATCH_SETTLE_MS);
  let maxLive = 0;
  let minReady = Infinity;
  watch.onChange((t) => {
    maxLive = Math.max(maxLive, t.live);
    minReady = Math.min(minReady, t.ready);
  });
  await edit(name, change);
  await eventually(`${name} rolled out again`, () => rolledOut(name));
  await watch.stop();
  return { maxLive, minReady };
}

test('creates one ReplicaSet <deploy>-<hash> with the pod-template-hash label, revision 1, complete status', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'web', 3, { app: 'web' }));
  await eventually('web rolled out', () => rolledOut('web'));
  const [rs, ...others] = await replicaSetsOf('web');
  assert.equal(others.length, 0);
  const hash = rs!.metadata.labels?.['pod-template-hash'];
  assert.ok(hash);
  assert.equal(rs!.metadata.name, `web-${hash}`);
  assert.equal(rs!.spec.selector.matchLabels?.['pod-template-hash'], hash);
  assert.equal(rs!.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  const d = await get('web');
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.equal(d.status?.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  assert.equal(d.status?.unavailableReplicas, 0);
  const pods = livePods(await podsOf(env.client, NS, 'app=web'));
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p) => p.metadata.labels?.['pod-template-hash'] === hash));
});

test('rolling update never exceeds maxSurge nor drops below maxUnavailable; revisions and change-cause', async () => {
  const spec = deployment(NS, 'roll', 6, { app: 'roll' });
  spec.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } };
  await env.client.create<Deployment>(DEPLOY, spec);
  const { maxLive, minReady } = await rollOutWatching('roll', (d) => {
    setImage(d, 'busybox:1.37');
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'kubernetes.io/change-cause': 'image 1.37' };
  });
  assert.ok(maxLive <= 8, `live pods peaked at ${maxLive} > replicas + maxSurge = 8`);
  assert.ok(minReady >= 5, `ready pods fell to ${minReady} < replicas - maxUnavailable = 5`);
  assert.ok(maxLive > 6, 'the rollout used its surge');
  const rss = await replicaSetsOf('roll');
  const fresh = rss.find((rs) => rs.spec.template.spec.containers[0]?.image === 'busybox:1.37');
  const old = rss.find((rs) => rs !== fresh);
  assert.equal(fresh?.spec.replicas, 6);
  assert.equal(old?.spec.replicas, 0);
  assert.equal(fresh?.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.equal(fresh?.metadata.annotations?.['kubernetes.io/change-cause'], 'image 1.37');
  assert.equal((await get('roll')).metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
});

test('percentages: 25% of 4 is one surge pod and one unavailable pod', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'pct', 4, { app: 'pct' }));
  const { maxLive, minReady } = await rollOutWatching('pct', (d) => setImage(d, 'busybox:1.37'));
  assert.ok(maxLive <= 5, `live pods peaked at ${maxLive}`);
  assert.ok(minReady >= 3, `ready pods fell to ${minReady}`);
});

test('Recreate removes every old pod before any new one exists', async () => {
  const spec = deployment(NS, 'recreate', 3, { app: 'recreate' });
  spec.spec.strategy = { type: 'Recreate' };
  await env.client.create<Deployment>(DEPLOY, spec);
  await eventually('recreate rolled out', () => rolledOut('recreate'));
  const watch = new PodWatch(env.client, NS, 'app=recreate');
  await sleepMs(WATCH_SETTLE_MS);
  let mixed = false;
  watch.onChange((t) => {
    if ([...t.byHash.values()].filter((n) => n > 0).length > 1) mixed = true;
  });
  await edit('recreate', (d) => setImage(d, 'busybox:1.37'));
  await eventually('recreate rolled out again', () => rolledOut('recreate'));
  await watch.stop();
  assert.equal(mixed, false, 'old and new pods were alive at the same time');
  const pods = livePods(await podsOf(env.client, NS, 'app=recreate'));
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p) => p.spec.containers[0]?.image === 'busybox:1.37'));
});

test('rollback by template (as rollout undo) reuses the old ReplicaSet; rollback by annotation too', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'undo', 2, { app: 'undo' }));
  await eventually('undo v1', () => rolledOut('undo'));
  const [v1] = await replicaSetsOf('undo');
  await edit('undo', (d) => setImage(d, 'busybox:1.37'));
  await eventually('undo v2', async () => (await rolledOut('undo')) && (await replicaSetsOf('undo')).length === 2);
  // `kubectl rollout undo`: the template of the previous ReplicaSet, without its hash label.
  await edit('undo', (d) => {
    const template = structuredClone(v1!.spec.template);
    delete template.metadata!.labels!['pod-template-hash'];
    d.spec.template = template;
  });
  await eventually('undo back on v1', async () => {
    const rss = await replicaSetsOf('undo');
    const back = rss.find((rs) => rs.metadata.uid === v1!.metadata.uid);
    return (await rolledOut('undo')) && rss.length === 2 && back?.spec.replicas === 2;
  });
  const rss = await replicaSetsOf('undo');
  const back = rss.find((rs) => rs.metadata.uid === v1!.metadata.uid)!;
  assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');

  await edit('undo', (d) => {
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'deprecated.deployment.rollback.to': '2' };
  });
  await eventually('undo on revision 2 template again', async () => {
    const d = await get('undo');
    return d.spec.template.spec.containers[0]?.image === 'busybox:1.37' && !d.metadata.annotations?.['deprecated.deployment.rollback.to'] && (await rolledOut('undo'));
  });
  assert.equal((await replicaSetsOf('undo')).length, 2);
});

test('paused: template changes wait; resume rolls out', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'pause', 2, { app: 'pause' }));
  await eventually('pause rolled out', () => rolledOut('pause'));
  await edit('pause', (d) => {
    d.spec.paused = true;
  });
  await eventually('Progressing says paused', async () => (await get('pause')).status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'DeploymentPaused') ?? false);
  await edit('pause', (d) => setImage(d, 'busybox:1.37'));
  await sleepMs(QUIET_MS);
  assert.equal((await replicaSetsOf('pause')).length, 1, 'no new ReplicaSet while paused');
  await edit('pause', (d) => {
    d.spec.paused = false;
  });
  await eventually('resumed and rolled out', async () => (await rolledOut('pause')) && (await replicaSetsOf('pause')).length === 2);
});

test('progress deadline: a rollout that cannot progress gets ProgressDeadlineExceeded', async () => {
  const spec = deployment(NS, 'stuck', 2, { app: 'stuck' });
  spec.spec.progressDeadlineSeconds = 2;
  await env.client.create<Deployment>(DEPLOY, spec);
  await eventually('stuck v1 rolled out', () => rolledOut('stuck'));
  await edit('stuck', (d) => setImage(d, BAD_IMAGE));
  await eventually('deadline exceeded', async () => {
    const c = (await get('stuck')).status?.conditions?.find((x) => x.type === 'Progressing');
    return c?.status === 'False' && c.reason === 'ProgressDeadlineExceeded';
  });
  const d = await get('stuck');
  assert.equal(d.status?.conditions?.find((c) => c.type === 'Available')?.status, 'True', 'the old pods keep it available');
});

test('scaling in the middle of a rollout is shared proportionally', async () => {
  const spec = deployment(NS, 'prop', 10, { app: 'prop' });
  spec.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
  await env.client.create<Deployment>(DEPLOY, spec);
  await eventually('prop rolled out', () => rolledOut('prop'));
  await edit('prop', (d) => setImage(d, BAD_IMAGE));
  const sizes = async (): Promise<[number, number]> => {
    const rss = await replicaSetsOf('prop');
    const bad = rss.find((rs) => rs.spec.template.spec.containers[0]?.image === BAD_IMAGE);
    const good = rss.find((rs) => rs !== bad);
    return [good?.spec.replicas ?? -1, bad?.spec.replicas ?? -1];
  };
  await eventually('stuck at old 8 / new 5', async () => (await sizes()).join() === '8,5');
  await sleepMs(500);
  assert.deepEqual(await sizes(), [8, 5]);
  await edit('prop', (d) => {
    d.spec.replicas = 20;
  });
  // 10 more (+ the surge): old 8 * 23/13 -> 14, new 5 * 23/13 -> 9.
  await eventually('old 14 / new 9', async () => (await sizes()).join() === '14,9');
  await sleepMs(500);
  assert.deepEqual(await sizes(), [14, 9]);
});

test('revisionHistoryLimit: old ReplicaSets beyond the limit are deleted, oldest first', async () => {
  const spec = deployment(NS, 'hist', 1, { app: 'hist' });
  spec.spec.revisionHistoryLimit = 1;
  await env.client.create<Deployment>(DEPLOY, spec);
  await eventually('hist v1', () => rolledOut('hist'));
  for (const tag of ['1.37', '1.38']) {
    await edit('hist', (d) => setImage(d, `busybox:${tag}`));
    await eventually(`hist ${tag}`, async () => (await rolledOut('hist')) && (await get('hist')).spec.template.spec.containers[0]?.image === `busybox:${tag}`);
  }
  await eventually('two ReplicaSets left: the current and one old', async () => (await replicaSetsOf('hist')).length === 2);
  const revisions = (await replicaSetsOf('hist')).map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
  assert.deepEqual(revisions, ['2', '3']);
});
