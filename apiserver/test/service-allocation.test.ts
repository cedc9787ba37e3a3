// ClusterIP and NodePort allocation through real apiservers over one real etcd:
// concurrency, two apiservers, restarts, refusals, release.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Service } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { startApiServer, type TestApiServer } from '../../testkit/processes/apiserver.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';

const SERVICES = resources.services;
const CONCURRENT_SERVICES = 200;
const NS = 'default';

let cp: TestControlPlane;
let second: TestApiServer;
let restarted: TestApiServer | undefined;
let first: ApiClient;
let other: ApiClient;

function nodePortService(name: string, spec: Service['spec'] = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80 }], ...spec },
  };
}

function clusterIpOf(s: Service): string {
  return s.spec?.clusterIP ?? '';
}

function nodePortOf(s: Service): number {
  return s.spec?.ports?.[0]?.nodePort ?? 0;
}

before(async () => {
  cp = await startControlPlane({ https: true });
  second = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-second' });
  first = cp.apiserver.client();
  other = second.client();
});

after(async () => {
  await restarted?.stop();
  await second?.stop();
  await cp?.stop();
});

describe('service allocation over one etcd', () => {
  it('keeps the kubernetes Service on the first address of the range', async () => {
    const kubernetes = await first.get(SERVICES, NS, 'kubernetes');
    assert.equal(clusterIpOf(kubernetes), '10.96.0.1');
    assert.deepEqual(kubernetes.spec?.ports?.map((p) => [p.name, p.port, p.targetPort]), [['https', 443, cp.apiserver.httpsPort]]);
    const ep = await first.get(resources.endpoints, NS, 'kubernetes');
    assert.deepEqual(ep.subsets, [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: cp.apiserver.httpsPort, protocol: 'TCP' }] }]);
    const slice = await first.get(resources.endpointSlices, NS, 'kubernetes');
    assert.deepEqual(slice.endpoints?.map((e) => e.addresses), [['127.0.0.1']]);
  });

  it('lists every live apiserver in the kubernetes endpoints, and drops one that stops', async () => {
    const peer = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-peer', https: true, extraArgs: ['--advertise-address', '127.0.0.2'] });
    const addresses = async () => ((await first.get(resources.endpoints, NS, 'kubernetes')).subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    try {
      assert.deepEqual(await addresses(), ['127.0.0.1', '127.0.0.2']);
      const slice = await first.get(resources.endpointSlices, NS, 'kubernetes');
      assert.deepEqual(slice.endpoints?.map((e) => e.addresses[0]), ['127.0.0.1', '127.0.0.2']);
    } finally {
      await peer.stop();
    }
    assert.deepEqual(await addresses(), ['127.0.0.1']);
  });

  it(`gives ${CONCURRENT_SERVICES} Services created at once through two apiservers distinct ClusterIPs and NodePorts`, async () => {
    const created = await Promise.all(
      Array.from({ length: CONCURRENT_SERVICES }, (_, i) => (i % 2 === 0 ? first : other).create(SERVICES, nodePortService(`many-${i}`))),
    );
    assert.equal(new Set(created.map(clusterIpOf)).size, CONCURRENT_SERVICES);
    assert.equal(new Set(created.map(nodePortOf)).size, CONCURRENT_SERVICES);
    for (const s of created) {
      assert.match(clusterIpOf(s), /^10\.(9[6-9]|10[0-9]|11[01])\./);
      assert.ok(nodePortOf(s) >= 30000 && nodePortOf(s) <= 32767);
    }
    await Promise.all(created.map((s) => first.delete(SERVICES, NS, s.metadata.name ?? '')));
  });

  it('refuses an address or port the other apiserver handed out, and a create that fails allocates nothing', async () => {
    const held = await first.create(SERVICES, nodePortService('held'));
    const ip = clusterIpOf(held);
    const port = nodePortOf(held);
    await assert.rejects(
      other.create(SERVICES, nodePortService('same-ip', { clusterIP: ip })),
      (err) => isApiError(err, 'Invalid') && err.message.includes(`spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`),
    );
    await assert.rejects(
      other.create(SERVICES, nodePortService('same-port', { ports: [{ port: 80, nodePort: port }] })),
      (err) => isApiError(err, 'Invalid') && err.message.includes(`spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`),
    );
    // The port is refused, so the address it asked for alongside must still be free.
    const free = '10.96.200.200';
    await assert.rejects(other.create(SERVICES, nodePortService('half', { clusterIP: free, ports: [{ port: 80, nodePort: port }] })));
    const took = await other.create(SERVICES, nodePortService('free', { clusterIP: free }));
    assert.equal(clusterIpOf(took), free);
  });

  it('releases on delete, and keeps allocations across an apiserver restart', async () => {
    const held = await first.get(SERVICES, NS, 'held');
    await cp.apiserver.stop();
    restarted = await startApiServer(cp.etcd.endpoint, cp.logDir, { name: 'apiserver-restarted' });
    first = restarted.client();
    await assert.rejects(first.create(SERVICES, nodePortService('after-restart', { clusterIP: clusterIpOf(held) })), (err) => isApiError(err, 'Invalid'));
    await other.delete(SERVICES, NS, 'held');
    const again = await first.create(SERVICES, nodePortService('reuse', { clusterIP: clusterIpOf(held), ports: [{ port: 80, nodePort: nodePortOf(held) }] }));
    assert.equal(clusterIpOf(again), clusterIpOf(held));
    assert.equal(nodePortOf(again), nodePortOf(held));
  });
});
