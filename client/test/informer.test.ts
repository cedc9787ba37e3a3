// Informer against a real etcd + apiserver: list + watch + cache + handlers,
// re-watch after an apiserver restart, and re-list after Gone (etcd compacted
// while the informer was cut off).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import type { Namespace, Pod } from '../../api/types/index.js';
import { startApiServer, type TestApiServer } from '../../testkit/processes/apiserver.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { ApiClient } from '../api-client.js';
import { Informer, keyOf, type ResourceEventHandler } from '../informer.js';
import { CountingApiClient } from '../../testkit/fakes/counting-client.js';
import { testPod } from '../../testkit/objects/pods.js';
import { retryUnavailable } from '../../testkit/retry-unavailable.js';
import { waitUntil } from '../../testkit/wait-until.js';
import { resources } from '../../api/resources.js';

const SYNC_TIMEOUT_MS = 10_000;
/** Covers the informer's reconnect backoff (1, 2, 4, 8 s) while the apiserver is down. */
const RECONNECT_TIMEOUT_MS = 40_000;

function recorder(): { seen: string[]; handler: ResourceEventHandler<Pod> } {
  const seen: string[] = [];
  return {
    seen,
    handler: {
      onAdd: (p) => seen.push(`add ${keyOf(p)}`),
      onUpdate: (a, b) => seen.push(`update ${keyOf(b)} ${a.metadata.labels?.v ?? '-'}->${b.metadata.labels?.v ?? '-'}`),
      onDelete: (p) => seen.push(`delete ${keyOf(p)}`),
    },
  };
}

async function createNamespace(client: ApiClient, name: string): Promise<void> {
  try {
    await client.create<Namespace>(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err;
  }
}

describe('Informer against a real apiserver', { timeout: 180_000 }, () => {
  let cp: TestControlPlane;
  let server: TestApiServer;
  const extraServers: TestApiServer[] = [];
  const clients: ApiClient[] = [];

  function newClient(address = server.address): ApiClient {
    const c = new ApiClient(address);
    clients.push(c);
    return c;
  }

  /** Stops the apiserver the informer talks to and starts a new one on the same port. */
  async function restartServer(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    const port = server.grpcPort;
    await server.stop();
    await whileDown();
    server = await startApiServer(cp.etcd.endpoint, cp.logDir, { grpcPort: port, name: `apiserver-${port}-r${extraServers.length}` });
    extraServers.push(server);
  }

  before(async () => {
    cp = await startControlPlane();
    server = cp.apiserver;
  });

  after(async () => {
    for (const c of clients) c.close();
    for (const s of extraServers) await s.stop();
    await cp?.stop();
  });

  it('lists, watches and keeps the cache and handlers in step', async () => {
    const admin = newClient();
    await createNamespace(admin, 'inf-basic');
    await admin.create(resources.pods, testPod('pre-1', 'inf-basic', { tier: 'web' }));
    await admin.create(resources.pods, testPod('pre-2', 'inf-basic', { tier: 'db' }));
    await admin.create(resources.pods, testPod('elsewhere', 'default'));

    const informer = new Informer<Pod>(newClient(), resources.pods, { namespace: 'inf-basic' });
    const webOnly = new Informer<Pod>(newClient(), resources.pods, { namespace: 'inf-basic', labelSelector: 'tier=web' });
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    informer.start();
    webOnly.start();
    await informer.waitForSync(SYNC_TIMEOUT_MS);
    await webOnly.waitForSync(SYNC_TIMEOUT_MS);
    assert.deepEqual(informer.store.listKeys().sort(), ['inf-basic/pre-1', 'inf-basic/pre-2']);
    assert.deepEqual(webOnly.store.listKeys(), ['inf-basic/pre-1']);
    assert.deepEqual(rec.seen.sort(), ['add inf-basic/pre-1', 'add inf-basic/pre-2']);
    assert.ok(Object.isFrozen(informer.store.get('inf-basic', 'pre-1')?.metadata));
    rec.seen.length = 0;

    await admin.create(resources.pods, testPod('live', 'inf-basic', { tier: 'web' }));
    await waitUntil('live added', () => rec.seen.includes('add inf-basic/live'));
    assert.equal(informer.store.get('inf-basic', 'live')?.metadata.labels?.tier, 'web');

    await admin.patch(resources.pods, 'inf-basic', 'live', 'merge', { metadata: { labels: { v: '2' } } });
    await waitUntil('live updated', () => rec.seen.includes('update inf-basic/live -->2'));
    assert.equal(informer.store.get('inf-basic', 'live')?.metadata.labels?.v, '2');

    await admin.delete(resources.pods, 'inf-basic', 'live', { gracePeriodSeconds: 0 });
    await waitUntil('live deleted', () => rec.seen.includes('delete inf-basic/live'));
    assert.equal(informer.store.get('inf-basic', 'live'), undefined);
    await waitUntil('label-filtered informer followed', () => webOnly.store.size() === 1 && webOnly.store.get('inf-basic', 'live') === undefined);
    assert.ok(!rec.seen.some((s) => s.includes('elsewhere')));
    await informer.stop();
    await webOnly.stop();
  });

  it('re-watches from its resourceVersion after the apiserver restarts, without re-listing', async (t) => {
    const admin = newClient();
    await createNamespace(admin, 'inf-restart');
    await admin.create(resources.pods, testPod('before', 'inf-restart'));
    const client = new CountingApiClient(server.address);
    clients.push(client);
    const informer = new Informer<Pod>(client, resources.pods, { namespace: 'inf-restart' });
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    informer.start();
    await informer.waitForSync(SYNC_TIMEOUT_MS);
    const syncedAt = informer.lastSyncResourceVersion();

    await restartServer();
    const restartedAt = Date.now();
    const after = newClient();
    await retryUnavailable(() => after.create(resources.pods, testPod('after', 'inf-restart')));
    await waitUntil('pod created after restart seen', () => rec.seen.includes('add inf-restart/after'), RECONNECT_TIMEOUT_MS);
    t.diagnostic(`informer caught up ${Date.now() - restartedAt} ms after the apiserver came back`);
    assert.equal(client.lists, 1, 'the cache was kept; only the watch was resumed');
    assert.ok(client.watchVersions.length >= 2);
    assert.ok(client.watchVersions.slice(1).every((rv) => rv !== '' && BigInt(rv) >= BigInt(syncedAt)));
    assert.deepEqual(informer.store.listKeys().sort(), ['inf-restart/after', 'inf-restart/before']);
    await informer.stop();
  });

  it('re-lists after Gone and reconciles what it missed', async (t) => {
    const admin = newClient();
    await retryUnavailable(() => createNamespace(admin, 'inf-gone'));
    for (const name of ['keeps', 'vanishes', 'changes']) await admin.create(resources.pods, testPod(name, 'inf-gone'));
    const client = new CountingApiClient(server.address);
    clients.push(client);
    const informer = new Informer<Pod>(client, resources.pods, { namespace: 'inf-gone' });
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    informer.start();
    await informer.waitForSync(SYNC_TIMEOUT_MS);
    assert.equal(client.lists, 1);
    rec.seen.length = 0;

    await restartServer(async () => {
      // While the informer's apiserver is down, change things through another
      // apiserver on the same etcd, then compact the history the informer
      // would need to catch up: its next watch must answer Gone.
      const side = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-side' });
      extraServers.push(side);
      const sideClient = newClient(side.address);
      await sideClient.delete(resources.pods, 'inf-gone', 'vanishes', { gracePeriodSeconds: 0 });
      await sideClient.patch(resources.pods, 'inf-gone', 'changes', 'merge', { metadata: { labels: { v: '2' } } });
      await sideClient.create(resources.pods, testPod('appears', 'inf-gone'));
      await side.stop();
      await cp.etcd.compactToNewest();
    });

    const restartedAt = Date.now();
    await waitUntil('missed changes reconciled', () => rec.seen.length >= 3, RECONNECT_TIMEOUT_MS);
    t.diagnostic(`informer re-listed ${Date.now() - restartedAt} ms after the apiserver came back`);
    assert.deepEqual(rec.seen.sort(), ['add inf-gone/appears', 'delete inf-gone/vanishes', 'update inf-gone/changes -->2']);
    assert.equal(client.lists, 2, 'Gone made the informer list again');
    assert.deepEqual(informer.store.listKeys().sort(), ['inf-gone/appears', 'inf-gone/changes', 'inf-gone/keeps']);

    // And it watches on from the new list.
    await retryUnavailable(() => newClient().create(resources.pods, testPod('later', 'inf-gone')));
    await waitUntil('watch resumed after re-list', () => rec.seen.includes('add inf-gone/later'), SYNC_TIMEOUT_MS);
    await informer.stop();
  });
});
