// Process-level behaviour: event leases in etcd, restarts, several apiservers
// over one etcd, health and metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import type { KubeObject } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { startApiServer, type TestApiServer } from '../../testkit/processes/apiserver.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { startEtcd } from '../../testkit/processes/etcd.js';
import { event, eventually, pod, summary, WatchRecorder } from '../../testkit/objects/apiserver-fixtures.js';
import { resources } from '../../api/resources.js';

/** The event TTL Kubernetes uses, one hour; the shared lease adds at most a minute. */
const EVENT_TTL_SECONDS = 3600;
const LEASE_TTL_SLACK_SECONDS = 120;

let cp: TestControlPlane;
let api: ApiClient;
const extra: TestApiServer[] = [];
let oldVersion = '';

/** The etcd watcher count once watches closed by earlier tests are gone. */
async function settledEtcdWatchers(): Promise<number> {
  let previous = await etcdWatchers();
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await etcdWatchers();
    if (now === previous) return now;
    previous = now;
  }
}

/** Watchers etcd has open, from its own metrics. */
async function etcdWatchers(): Promise<number> {
  const text = await (await fetch(`${cp.etcd.endpoint}/metrics`)).text();
  const match = /^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(text);
  assert.ok(match, 'etcd reports its watcher count');
  return Number(match[1]);
}

before(async () => {
  cp = await startControlPlane();
  api = cp.apiserver.client();
});

after(async () => {
  for (const server of extra) await server.stop();
  await cp?.stop();
});

async function leaseTtlOf(etcd: Etcd3, key: string): Promise<{ lease: string; ttl: number }> {
  const res = await etcd.kv.range({ key: Buffer.from(key) });
  assert.equal(res.kvs.length, 1, `${key} is stored`);
  const lease = String(res.kvs[0].lease);
  assert.notEqual(lease, '0', `${key} has a lease`);
  const ttl = await etcd.leaseClient.leaseTimeToLive({ ID: lease });
  return { lease, ttl: Number(ttl.TTL) };
}

describe('apiserver as a process', () => {
  it('stores events with a shared one-hour lease that survives updates', async () => {
    const etcd = new Etcd3({ hosts: cp.etcd.endpoint });
    try {
      const first = await api.create(resources.events, event('ev-1'));
      await api.create(resources.events, event('ev-2'));
      const a = await leaseTtlOf(etcd, '/registry/core/events/default/ev-1');
      const b = await leaseTtlOf(etcd, '/registry/core/events/default/ev-2');
      assert.ok(a.ttl > EVENT_TTL_SECONDS - 10 && a.ttl <= EVENT_TTL_SECONDS + LEASE_TTL_SLACK_SECONDS, `ttl ${a.ttl}`);
      assert.equal(a.lease, b.lease, 'events written together share one lease');

      await api.update<KubeObject>(resources.events, { ...first, count: 2 });
      const afterUpdate = await leaseTtlOf(etcd, '/registry/core/events/default/ev-1');
      assert.equal(afterUpdate.lease, a.lease, 'an update keeps the lease');

      const podKey = await etcd.kv.range({ key: Buffer.from('/registry/core/pods/default/no-lease') });
      assert.equal(podKey.kvs.length, 0);
      await api.create(resources.pods, pod('no-lease'));
      const stored = await etcd.kv.range({ key: Buffer.from('/registry/core/pods/default/no-lease') });
      assert.equal(String(stored.kvs[0].lease), '0', 'other objects have no lease');
      const value = JSON.parse(stored.kvs[0].value.toString()) as { metadata: Record<string, unknown> };
      assert.equal(value.metadata.resourceVersion, undefined, 'resourceVersion is not stored');
    } finally {
      etcd.close();
    }
  });

  it('serves /healthz and /metrics', async () => {
    const health = await fetch(`http://127.0.0.1:${cp.apiserver.healthPort}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'ok');
    await api.list(resources.pods);
    const metrics = await (await fetch(`http://127.0.0.1:${cp.apiserver.healthPort}/metrics`)).text();
    assert.match(metrics, /apiserver_request_total\{verb="list",resource="pods",code="200"\} \d+/);
    assert.match(metrics, /apiserver_request_duration_seconds_bucket\{le="[^"]+",verb="list",resource="pods"\}/);
    assert.match(metrics, /# TYPE apiserver_registered_watchers gauge/);
    assert.match(metrics, /process_cpu_seconds_total/);
  });

  it('agrees with a second apiserver over the same etcd, for writes and watches', async () => {
    const second = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-second' });
    extra.push(second);
    const other = second.client();
    const created = await api.create(resources.pods, pod('shared'));
    const seen = await other.get(resources.pods, 'default', 'shared');
    assert.equal(seen.metadata.resourceVersion, created.metadata.resourceVersion);

    const w = new WatchRecorder(other.watch(resources.pods, { namespace: 'default', resourceVersion: created.metadata.resourceVersion }));
    await api.patch(resources.pods, 'default', 'shared', 'merge', { metadata: { labels: { from: 'first' } } });
    const [ev] = await w.take(1);
    assert.equal(ev.type, 'MODIFIED');
    assert.deepEqual(ev.object.metadata.labels, { from: 'first' });
    w.cancel();

    await assert.rejects(other.update(resources.pods, created), (err) => (err as { reason?: string }).reason === 'Conflict');
  });

  it('loses nothing across a restart and resumes watches from before it', async () => {
    const before = await api.create(resources.pods, pod('survivor', 'default', { labels: { keep: 'me' } }));
    await api.patch(resources.pods, 'default', 'survivor', 'merge', { metadata: { annotations: { during: 'run-1' } } });
    await cp.apiserver.stop();
    const restarted = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-restarted' });
    extra.push(restarted);
    const client = restarted.client();
    const after = await client.get(resources.pods, 'default', 'survivor');
    assert.equal(after.metadata.uid, before.metadata.uid);
    assert.deepEqual(after.metadata.labels, { keep: 'me' });
    assert.equal(after.metadata.annotations?.during, 'run-1');

    // History written by the previous process is older than the new process's shared watch.
    const w = new WatchRecorder(client.watch(resources.pods, { namespace: 'default', resourceVersion: before.metadata.resourceVersion }));
    const [ev] = await w.take(1);
    w.cancel();
    assert.deepEqual(summary([ev]), ['MODIFIED survivor']);
    assert.equal(ev.object.metadata.annotations?.during, 'run-1');
    api = client;
    oldVersion = before.metadata.resourceVersion ?? '';
  });

  it('ends the etcd watch behind a watcher when its client cancels', async () => {
    const baseline = await settledEtcdWatchers();
    const WATCHERS = 20;
    // Versions from before the restart are older than the shared watch: each gets its own etcd watch.
    const watchers = Array.from({ length: WATCHERS }, () => new WatchRecorder(api.watch(resources.pods, { namespace: 'default', resourceVersion: oldVersion })));
    await eventually('the etcd watches to open', async () => (await etcdWatchers()) >= baseline + WATCHERS);
    for (const w of watchers) w.cancel();
    await eventually('the etcd watches to close', async () => (await etcdWatchers()) === baseline);
  });

  it('lets two apiservers start at once on an empty etcd', async () => {
    const etcd = await startEtcd(cp.logDir);
    const servers: TestApiServer[] = [];
    try {
      const started = await Promise.all([
        startApiServer(etcd.endpoint, cp.logDir, { name: 'apiserver-race-a' }),
        startApiServer(etcd.endpoint, cp.logDir, { name: 'apiserver-race-b' }),
      ]);
      servers.push(...started);
      const list = await started[0].client().list(resources.namespaces);
      assert.deepEqual(list.items.map((n) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    } finally {
      for (const s of servers) await s.stop();
      await etcd.stop();
    }
  });

  it('reports unhealthy while etcd is down', async () => {
    const etcd = await startEtcd(cp.logDir);
    const server = await startApiServer(etcd.endpoint, cp.logDir, { name: 'apiserver-etcd-down' });
    try {
      await etcd.stop();
      await eventually('healthz to fail', async () => (await fetch(`http://127.0.0.1:${server.healthPort}/healthz`)).status === 500, 10_000);
    } finally {
      await server.stop();
    }
  });
});
