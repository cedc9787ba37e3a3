import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../../api/errors.js';
import { resources } from '../../../api/resources.js';
import type { Service } from '../../../api/types/index.js';
import { harness, type Harness } from '../registry-fixtures.js';
import { parseIpRange } from './ip-range.js';
import { parsePortRange } from './port-range.js';
import { serviceWriteHooks } from './service-allocator.js';

const SERVICES = resources.services;

/** A /28 leaves 14 addresses, the first kept for `kubernetes`: 13 for Services. */
async function small(): Promise<Harness> {
  return harness({ writeHooks: serviceWriteHooks({ ips: parseIpRange('10.0.0.0/28'), nodePorts: parsePortRange('30000-30002') }) });
}

function svc(name: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
}

async function create(h: Harness, name: string, spec: Record<string, unknown> = {}): Promise<Service> {
  return (await h.registry.create(SERVICES, 'default', svc(name, spec))) as Service;
}

async function allocatedKeys(h: Harness): Promise<string[]> {
  return (await h.store.range('/registry/ranges/')).items.map((kv) => kv.key);
}

async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (err) => isApiError(err, 'Invalid') && err.message === message);
}

describe('ClusterIP and NodePort allocation', () => {
  it('gives distinct addresses and ports, each held by one key written with the Service', async () => {
    const h = await small();
    const a = await create(h, 'a', { type: 'NodePort' });
    const b = await create(h, 'b', { type: 'NodePort' });
    assert.notEqual(a.spec?.clusterIP, b.spec?.clusterIP);
    assert.deepEqual(a.spec?.clusterIPs, [a.spec?.clusterIP]);
    assert.notEqual(a.spec?.ports?.[0]?.nodePort, b.spec?.ports?.[0]?.nodePort);
    assert.equal((await allocatedKeys(h)).length, 4);
  });

  it('refuses a taken or out-of-range IP and port with upstream wording, allocating nothing', async () => {
    const h = await small();
    await create(h, 'a', { type: 'NodePort', clusterIP: '10.0.0.5', ports: [{ port: 80, nodePort: 30001 }] });
    const before = await allocatedKeys(h);
    await rejects(
      create(h, 'b', { clusterIP: '10.0.0.5' }),
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: provided IP is already allocated',
    );
    await rejects(
      create(h, 'c', { clusterIP: '10.1.0.5' }),
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.1.0.5"}: failed to allocate IP 10.1.0.5: the provided IP (10.1.0.5) is not in the valid range. The range of valid IPs is 10.0.0.0/28',
    );
    await rejects(
      create(h, 'd', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }),
      'Service "d" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated',
    );
    await rejects(
      create(h, 'e', { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] }),
      'Service "e" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is not in the valid range. The range of valid ports is 30000-30002',
    );
    assert.deepEqual(await allocatedKeys(h), before, 'nothing half-allocated');
  });

  it('releases on delete and on a type change, and answers a full range', async () => {
    const h = await small();
    for (const name of ['a', 'b', 'c']) await create(h, name, { type: 'NodePort' });
    await assert.rejects(create(h, 'd', { type: 'NodePort' }), (err) => isApiError(err, 'InternalError') && /nodePort: range is full/.test(err.message));
    assert.equal((await allocatedKeys(h)).length, 6, 'the failed create kept nothing, not even its ClusterIP');
    await h.registry.delete(SERVICES, 'default', 'a');
    const b = (await h.registry.get(SERVICES, 'default', 'b')) as Service;
    await h.registry.update(SERVICES, 'default', JSON.stringify({ ...b, spec: { ...b.spec, type: 'ClusterIP' } }));
    assert.equal((await allocatedKeys(h)).length, 3, "a's IP and port and b's port released");
    const updated = (await h.registry.get(SERVICES, 'default', 'b')) as Service;
    assert.equal(updated.spec?.ports?.[0]?.nodePort, undefined);
    assert.equal(updated.spec?.clusterIP, b.spec?.clusterIP);
    await create(h, 'e', { type: 'NodePort' });
    await create(h, 'f', { type: 'NodePort' });
  });

  it('keeps the allocation when a client resends the Service without it, and allocates none for headless or ExternalName', async () => {
    const h = await small();
    const a = await create(h, 'a', { type: 'NodePort' });
    const replaced = (await h.registry.update(SERVICES, 'default', svc('a', { type: 'NodePort' }))) as Service;
    assert.equal(replaced.spec?.clusterIP, a.spec?.clusterIP);
    assert.equal(replaced.spec?.ports?.[0]?.nodePort, a.spec?.ports?.[0]?.nodePort);
    await create(h, 'headless', { clusterIP: 'None' });
    await create(h, 'ext', { type: 'ExternalName', externalName: 'example.com', selector: undefined });
    assert.equal((await allocatedKeys(h)).length, 2);
  });

  it('refuses IPv6 and required dual stack on this IPv4-only range', async () => {
    const h = await small();
    await rejects(
      create(h, 'v6', { ipFamilies: ['IPv6'] }),
      'Service "v6" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    );
    await rejects(
      create(h, 'dual', { ipFamilyPolicy: 'RequireDualStack' }),
      'Service "dual" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    assert.equal((await create(h, 'prefer', { ipFamilyPolicy: 'PreferDualStack' })).spec?.ipFamilies?.join(), 'IPv4');
  });

  it('reclaims a key whose Service no longer holds it', async () => {
    const h = await small();
    await h.store.create('/registry/ranges/serviceips/10.0.0.7', JSON.stringify({ namespace: 'default', name: 'gone', uid: 'x' }));
    const s = await create(h, 'a', { clusterIP: '10.0.0.7' });
    assert.equal(s.spec?.clusterIP, '10.0.0.7');
  });
});
