// flotctl scale, set image and rollout status|history|undo|pause|resume|restart
// run as a user would, against a real apiserver with the controller-manager
// and a fake agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/types/index.js';
import { isApiError } from '../../api/errors.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { deployment, eventually, podTemplate } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'flotctl-it';
const DEPLOY = resources.deployments;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['cli-node'] },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,statefulset,daemonset,garbagecollector'],
});

async function ok(...args: string[]): Promise<string> {
  const r = await flotctl(env.plane.apiserver.address, ['-n', NS, ...args]);
  assert.equal(r.code, 0, `flotctl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function fails(...args: string[]): Promise<string> {
  const r = await flotctl(env.plane.apiserver.address, ['-n', NS, ...args]);
  assert.notEqual(r.code, 0, `flotctl ${args.join(' ')} should have failed`);
  return r.stderr;
}

async function image(): Promise<string | undefined> {
  return (await env.client.get<Deployment>(DEPLOY, NS, 'cli')).spec.template.spec.containers[0]?.image;
}

test('scale, set image, rollout status / history / undo', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'cli', 2, { app: 'cli' }));
  assert.match(await ok('rollout', 'status', 'deploy/cli', '--timeout', '30s'), /deployment "cli" successfully rolled out\n$/);
  assert.equal(await ok('scale', 'deploy/cli', '--replicas', '3'), 'deployment.apps/cli scaled\n');
  assert.match(await ok('rollout', 'status', 'deployment', 'cli', '--timeout', '30s'), /successfully rolled out/);
  assert.equal((await env.client.get<Deployment>(DEPLOY, NS, 'cli')).status?.availableReplicas, 3);
  assert.match(await fails('scale', 'deploy/cli', '--replicas', '5', '--current-replicas', '2'), /Expected replicas to be 2, was 3/);

  assert.equal(await ok('set', 'image', 'deploy/cli', 'app=busybox:1.37'), 'deployment.apps/cli image updated\n');
  const status = await ok('rollout', 'status', 'deploy/cli', '--timeout', '30s');
  assert.match(status, /deployment "cli" successfully rolled out\n$/);
  assert.match(await fails('set', 'image', 'deploy/cli', 'nope=x:1'), /unable to find container named "nope"/);

  const history = await ok('rollout', 'history', 'deploy/cli');
  assert.match(history, /^deployment\.apps\/cli\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  assert.match(await ok('rollout', 'history', 'deploy/cli', '--revision', '1'), /with revision #1\nPod Template:[\s\S]*Image:\tbusybox:1\.36/);

  assert.equal(await ok('rollout', 'undo', 'deploy/cli'), 'deployment.apps/cli rolled back\n');
  assert.match(await ok('rollout', 'status', 'deploy/cli', '--timeout', '30s'), /successfully rolled out/);
  assert.equal(await image(), 'busybox:1.36');
  assert.match(await ok('rollout', 'history', 'deploy/cli'), /\n2\s+<none>\n3\s+<none>\n/);
  assert.equal(await ok('rollout', 'undo', 'deploy/cli', '--to-revision', '3'), 'deployment.apps/cli skipped rollback (current template already matches revision 3)\n');
  assert.equal(await ok('rollout', 'undo', 'deploy/cli', '--to-revision', '2'), 'deployment.apps/cli rolled back\n');
  assert.match(await ok('rollout', 'status', 'deploy/cli', '--timeout', '30s'), /successfully rolled out/);
  assert.equal(await image(), 'busybox:1.37');
  assert.match(await fails('rollout', 'undo', 'deploy/cli', '--to-revision', '9'), /unable to find specified revision 9 in history/);
});

test('pause, resume, restart', async () => {
  assert.equal(await ok('rollout', 'pause', 'deploy/cli'), 'deployment.apps/cli paused\n');
  assert.equal(await ok('rollout', 'pause', 'deploy/cli'), 'deployment.apps/cli already paused\n');
  assert.match(await fails('rollout', 'undo', 'deploy/cli'), /cannot rollback a paused deployment/);
  assert.equal(await ok('rollout', 'resume', 'deploy/cli'), 'deployment.apps/cli resumed\n');
  assert.match(await fails('rollout', 'resume', 'deploy/cli'), /is not paused/);
  const before = (await env.client.get<Deployment>(DEPLOY, NS, 'cli')).metadata.annotations?.['deployment.kubernetes.io/revision'];
  assert.equal(await ok('rollout', 'restart', 'deploy/cli'), 'deployment.apps/cli restarted\n');
  assert.match(await ok('rollout', 'status', 'deploy/cli', '--timeout', '30s'), /successfully rolled out/);
  const d = await env.client.get<Deployment>(DEPLOY, NS, 'cli');
  assert.ok(d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']);
  assert.equal(Number(d.metadata.annotations?.['deployment.kubernetes.io/revision']), Number(before) + 1);
});

test('scale and rollout status of a stateful set', async () => {
  await env.client.create<StatefulSet>(resources.statefulSets, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: NS },
    spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: podTemplate({ app: 'db' }) },
  });
  assert.equal(await ok('scale', 'sts/db', '--replicas', '2'), 'statefulset.apps/db scaled\n');
  assert.match(await ok('rollout', 'status', 'sts/db', '--timeout', '30s'), /statefulset rolling update complete 2 pods at revision db-/);
  await eventually('2 ready', async () => (await env.client.get<StatefulSet>(resources.statefulSets, NS, 'db')).status?.readyReplicas === 2);
  assert.match(await ok('rollout', 'history', 'sts/db'), /^statefulset\.apps\/db\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n/);
});

test('a daemon set: set image, rollout status, history and undo through ControllerRevisions', async () => {
  await env.client.create<DaemonSet>(resources.daemonSets, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'logs', namespace: NS },
    spec: { selector: { matchLabels: { app: 'logs' } }, template: podTemplate({ app: 'logs' }) },
  });
  assert.match(await ok('rollout', 'status', 'ds/logs', '--timeout', '30s'), /daemon set "logs" successfully rolled out\n$/);
  assert.equal(await ok('set', 'image', 'ds/logs', 'app=busybox:1.37'), 'daemonset.apps/logs image updated\n');
  assert.match(await ok('rollout', 'status', 'ds/logs', '--timeout', '30s'), /successfully rolled out/);
  assert.match(await ok('rollout', 'history', 'daemonset/logs'), /^daemonset\.apps\/logs\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  assert.equal(await ok('rollout', 'undo', 'ds/logs'), 'daemonset.apps/logs rolled back\n');
  await eventually('back on the first image', async () => {
    const ds = await env.client.get<DaemonSet>(resources.daemonSets, NS, 'logs');
    return ds.spec.template.spec.containers[0]?.image === 'busybox:1.36' && ds.status?.updatedNumberScheduled === 1 && ds.status.numberAvailable === 1;
  });
  assert.match(await ok('rollout', 'history', 'ds/logs'), /\n2\s+<none>\n3\s+<none>\n/);
});

test('delete --cascade=orphan keeps the ReplicaSet; --cascade=foreground removes everything before the deployment', async () => {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'casc', 2, { app: 'casc' }));
  assert.match(await ok('rollout', 'status', 'deploy/casc', '--timeout', '30s'), /successfully rolled out/);
  await ok('delete', 'deploy/casc', '--cascade=orphan');
  const rss = (await env.client.list<ReplicaSet>(resources.replicaSets, { namespace: NS, labelSelector: 'app=casc' })).items;
  assert.equal(rss.length, 1);
  assert.equal(rss[0]?.metadata.ownerReferences, undefined, 'the orphaned ReplicaSet lost its owner reference');
  assert.equal(rss[0]?.status?.readyReplicas, 2);

  await env.client.create<Deployment>(DEPLOY, deployment(NS, 'fore', 2, { app: 'fore' }));
  assert.match(await ok('rollout', 'status', 'deploy/fore', '--timeout', '30s'), /successfully rolled out/);
  await ok('delete', 'deploy/fore', '--cascade=foreground');
  const gone = await env.client.get(DEPLOY, NS, 'fore').then(() => false, (err: unknown) => isApiError(err, 'NotFound'));
  assert.equal(gone, true, 'delete waits until the deployment is gone');
  assert.equal((await env.client.list(resources.pods, { namespace: NS, labelSelector: 'app=fore' })).items.length, 0, 'its pods went first');
  assert.equal((await env.client.list(resources.replicaSets, { namespace: NS, labelSelector: 'app=fore' })).items.length, 0);
});
