// flotctl get and describe against a real etcd and apiserver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Deployment } from '../../api/types/apps.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Event } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { flotctl, startFlotctl } from '../../testkit/processes/flotctl-process.js';
import { resources } from '../../api/resources.js';

function pod(name: string, namespace: string, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'flotilla/busybox:latest', command: ['sleep', '3600'] }] },
  };
}

function deployment(name: string, namespace: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'flotilla/nginx:1.22' }] } },
    },
  };
}

const env = useControlPlane({}, {
  setUp: async ({ client }) => {
    await client.create(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    await client.create(resources.pods, pod('web-1', 'default', { app: 'web', tier: 'front' }));
    await client.create(resources.pods, pod('web-2', 'default', { app: 'web' }));
    await client.create(resources.pods, pod('db-1', 'default', { app: 'db' }));
    await client.create(resources.pods, pod('cart-1', 'shop', { app: 'cart' }));
    await client.create(resources.deployments, deployment('web', 'default', 3));
  },
});

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

function columns(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}

test('get pods: kubectl columns, rows in name order, namespace from -n', async () => {
  const r = await flotctl(env.address, ['get', 'pods']);
  assert.equal(r.code, 0, r.stderr);
  const [header, ...rows] = lines(r.stdout);
  assert.deepEqual(columns(header), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  assert.deepEqual(rows.map((row) => columns(row).slice(0, 4)), [
    ['db-1', '0/1', 'Pending', '0'],
    ['web-1', '0/1', 'Pending', '0'],
    ['web-2', '0/1', 'Pending', '0'],
  ]);
  assert.match(columns(rows[0])[4], /^\d+s$/);

  const shop = await flotctl(env.address, ['get', 'po', '-n', 'shop']);
  assert.deepEqual(lines(shop.stdout).slice(1).map((row) => columns(row)[0]), ['cart-1']);
});

test('get -o wide, -l, --field-selector, -L, -A, --show-labels, --no-headers', async () => {
  const wide = await flotctl(env.address, ['get', 'pods', 'web-1', '-o', 'wide']);
  assert.deepEqual(columns(lines(wide.stdout)[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  assert.deepEqual(columns(lines(wide.stdout)[1]).slice(5), ['<none>', '<none>', '<none>', '<none>']);

  const selected = await flotctl(env.address, ['get', 'pods', '-l', 'app=web,tier', '--no-headers']);
  assert.deepEqual(lines(selected.stdout).map((row) => columns(row)[0]), ['web-1']);
  const setBased = await flotctl(env.address, ['get', 'pods', '-l', 'app in (web,db),!tier', '-o', 'name']);
  assert.equal(setBased.stdout, 'pod/db-1\npod/web-2\n');

  const byField = await flotctl(env.address, ['get', 'pods', '--field-selector', 'metadata.name=web-2', '-o', 'name']);
  assert.equal(byField.stdout, 'pod/web-2\n', byField.stderr);
  const labelColumn = await flotctl(env.address, ['get', 'pods', '-L', 'tier', '-l', 'app=web']);
  assert.deepEqual(columns(lines(labelColumn.stdout)[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'TIER']);
  assert.equal(columns(lines(labelColumn.stdout)[1]).at(-1), 'front');

  const all = await flotctl(env.address, ['get', 'pods', '-A', '--show-labels']);
  const [header, ...rows] = lines(all.stdout);
  assert.deepEqual(columns(header), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
  assert.deepEqual(rows.map((row) => [columns(row)[0], columns(row)[1], columns(row).at(-1)]), [
    ['default', 'db-1', 'app=db'],
    ['default', 'web-1', 'app=web,tier=front'],
    ['default', 'web-2', 'app=web'],
    ['shop', 'cart-1', 'app=cart'],
  ]);
});

test('get -o yaml|json|name: one object alone, several as a List', async () => {
  const one = await flotctl(env.address, ['get', 'pod', 'web-1', '-o', 'yaml']);
  const obj = parse(one.stdout) as Pod;
  assert.equal(obj.kind, 'Pod');
  assert.equal(obj.metadata.name, 'web-1');
  assert.equal(obj.spec.restartPolicy, 'Always');

  const many = JSON.parse((await flotctl(env.address, ['get', 'pods', '-o', 'json'])).stdout) as { kind: string; items: KubeObject[] };
  assert.equal(many.kind, 'List');
  assert.deepEqual(many.items.map((i) => i.metadata.name), ['db-1', 'web-1', 'web-2']);

  const slash = await flotctl(env.address, ['get', 'pod/web-1', 'deployment/web', '-o', 'name']);
  assert.equal(slash.stdout, 'pod/web-1\ndeployment.apps/web\n');
});

test('get several kinds: kind/name names and a blank line between tables; get all', async () => {
  const r = await flotctl(env.address, ['get', 'deploy,po', '-l', 'app=web']);
  assert.equal(r.code, 0, r.stderr);
  const blocks = r.stdout.split('\n\n');
  assert.equal(blocks.length, 2);
  assert.deepEqual(columns(lines(blocks[0])[0]), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  assert.equal(columns(lines(blocks[0])[1])[0], 'deployment.apps/web');
  assert.equal(columns(lines(blocks[0])[1])[1], '0/3');
  assert.deepEqual(lines(blocks[1]).slice(1).map((row) => columns(row)[0]), ['pod/web-1', 'pod/web-2']);

  const all = await flotctl(env.address, ['get', 'all']);
  assert.match(all.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/db-1 /);
  assert.match(all.stdout, /\n\nNAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web /);
});

test('empty results, missing objects and unknown kinds as kubectl reports them', async () => {
  const none = await flotctl(env.address, ['get', 'pods', '-l', 'app=nothing']);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.equal(none.stderr, 'No resources found in default namespace.\n');
  const noneAll = await flotctl(env.address, ['get', 'statefulsets', '-A']);
  assert.equal(noneAll.stderr, 'No resources found\n');

  const missing = await flotctl(env.address, ['get', 'pods', 'web-1', 'nope']);
  assert.equal(missing.code, 1);
  assert.equal(lines(missing.stdout).length, 2);
  assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  const ignored = await flotctl(env.address, ['get', 'pods', 'nope', '--ignore-not-found']);
  assert.equal(ignored.code, 0);

  const unknown = await flotctl(env.address, ['get', 'gadgets']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'error: the server doesn\'t have a resource type "gadgets"\n');

  const namespaces = await flotctl(env.address, ['get', 'ns']);
  assert.deepEqual(lines(namespaces.stdout).slice(1).map((row) => columns(row).slice(0, 2)), [
    ['default', 'Active'],
    ['kube-node-lease', 'Active'],
    ['kube-public', 'Active'],
    ['kube-system', 'Active'],
    ['shop', 'Active'],
  ]);
});

test('get -w prints the table, then a row per change', async () => {
  const watch = startFlotctl(env.address, ['get', 'pods', '-n', 'shop', '-w']);
  try {
    await watch.waitForOutput(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ncart-1\s+0\/1\s+Pending/);
    await env.client.create(resources.pods, pod('cart-2', 'shop', { app: 'cart' }));
    await watch.waitForOutput(/\ncart-2\s+0\/1\s+Pending\s+0\s+\d+s\n/);
    const current = await env.client.get<Pod>(resources.pods, 'shop', 'cart-1');
    await env.client.updateStatus(resources.pods, {
      ...current,
      status: {
        ...current.status,
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'flotilla/busybox:latest', imageID: '', state: { running: { startedAt: new Date().toISOString() } } }],
      },
    });
    const out = await watch.waitForOutput(/\ncart-1\s+1\/1\s+Running\s+0\s+\d+s\n/);
    assert.equal(out.match(/NAME/g)?.length, 1, 'the header prints once');
  } finally {
    await watch.stop();
  }
});

test('describe pod: sections, and the events about it (and only those)', async () => {
  const target = await env.client.get<Pod>(resources.pods, 'default', 'web-1');
  const now = new Date();
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const event = (name: string, involved: Event['involvedObject'], reason: string, message: string, count: number): Event => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: involved,
    reason,
    message,
    type: reason === 'BackOff' ? 'Warning' : 'Normal',
    source: { component: 'default-scheduler' },
    firstTimestamp: at(20 * 60),
    lastTimestamp: at(15 * 60),
    count,
  });
  await env.client.create(resources.events, event('web-1.a', { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'default', uid: target.metadata.uid }, 'Scheduled', 'Successfully assigned default/web-1 to node-a', 1));
  await env.client.create(resources.events, event('web-1.b', { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'default', uid: target.metadata.uid }, 'BackOff', 'Back-off restarting failed container', 5));
  await env.client.create(resources.events, event('web-2.a', { apiVersion: 'v1', kind: 'Pod', name: 'web-2', namespace: 'default', uid: 'other' }, 'Scheduled', 'about web-2', 1));

  const r = await flotctl(env.address, ['describe', 'pod', 'web-1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name:\s+web-1\nNamespace:\s+default\n/);
  assert.match(r.stdout, /^Labels:\s+app=web\n\s+tier=front$/m);
  assert.match(r.stdout, /^Status:\s+Pending$/m);
  assert.match(r.stdout, /^Containers:\n  app:\n    Image:\s+flotilla\/busybox:latest$/m);
  assert.match(r.stdout, /^    Command:\n      sleep\n      3600$/m);
  assert.match(r.stdout, /^Events:\n  Type\s+Reason\s+Age\s+From\s+Message\n  ----\s+------\s+----\s+----\s+-------\n/m);
  assert.match(r.stdout, /^  Normal\s+Scheduled\s+20m\s+default-scheduler\s+Successfully assigned default\/web-1 to node-a$/m);
  assert.match(r.stdout, /^  Warning\s+BackOff\s+15m \(x5 over 20m\)\s+default-scheduler\s+Back-off restarting failed container$/m);
  assert.doesNotMatch(r.stdout, /about web-2/);

  const quiet = await flotctl(env.address, ['describe', 'pod', 'db-1']);
  assert.match(quiet.stdout, /^Events:\s+<none>\n$/m);
});

test('describe deployment, by prefix, by selector, and a missing object', async () => {
  const d = await flotctl(env.address, ['describe', 'deployment', 'web']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /^Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
  assert.match(d.stdout, /^StrategyType:\s+RollingUpdate$/m);
  assert.match(d.stdout, /^Pod Template:\n  Labels:\s+app=web\n  Containers:\n   nginx:\n/m);

  const prefix = await flotctl(env.address, ['describe', 'pods', 'web-']);
  assert.equal((prefix.stdout.match(/^Name:/gm) ?? []).length, 2);
  const bySelector = await flotctl(env.address, ['describe', 'pods', '-l', 'app=db']);
  assert.match(bySelector.stdout, /^Name:\s+db-1$/m);
  assert.equal((bySelector.stdout.match(/^Name:/gm) ?? []).length, 1);

  const missing = await flotctl(env.address, ['describe', 'pod', 'zzz']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error from server (NotFound): pods "zzz" not found\n');
});

test('get nodes and describe node: status, its pods and its lease', async () => {
  const heartbeat = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await env.client.create(resources.nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a', labels: { 'node-role.kubernetes.io/worker': '' } },
    spec: { unschedulable: true },
    status: {
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'AgentReady', message: 'agent is posting ready status', lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: { kubeletVersion: 'flotilla-0.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://20.10.24' },
    },
  });
  await env.client.create(resources.leases, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-a', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, renewTime: new Date().toISOString() },
  });
  const bound = pod('bound-1', 'shop', { app: 'bound' });
  bound.spec.nodeName = 'node-a';
  bound.spec.containers[0].resources = { requests: { cpu: '500m', memory: '256Mi' } };
  await env.client.create(resources.pods, bound);

  const nodes = await flotctl(env.address, ['get', 'nodes', '-o', 'wide']);
  assert.equal(nodes.code, 0, nodes.stderr);
  assert.deepEqual(columns(lines(nodes.stdout)[0]), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  const row = columns(lines(nodes.stdout)[1]);
  assert.deepEqual([row[0], row[1], row[2], row[4], row[5], row[6]], ['node-a', 'Ready,SchedulingDisabled', 'worker', 'flotilla-0.1.0', '172.18.0.2', '<none>']);

  const d = await flotctl(env.address, ['describe', 'node', 'node-a']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /^Roles:\s+worker$/m);
  assert.match(d.stdout, /^Lease:\n  HolderIdentity:\s+node-a$/m);
  assert.match(d.stdout, /^  Ready\s+True\s+.*AgentReady\s+agent is posting ready status$/m);
  assert.match(d.stdout, /^Non-terminated Pods:\s+\(1 in total\)$/m);
  assert.match(d.stdout, /^  shop\s+bound-1\s+500m \(25%\)\s+0 \(0%\)\s+256Mi \(6%\)\s+0 \(0%\)\s+\d+s$/m);
  assert.match(d.stdout, /^  memory\s+256Mi \(6%\)\s+0 \(0%\)$/m);

  const leases = await flotctl(env.address, ['get', 'leases', '-n', 'kube-node-lease']);
  assert.deepEqual(columns(lines(leases.stdout)[1]).slice(0, 2), ['node-a', 'node-a']);
});
