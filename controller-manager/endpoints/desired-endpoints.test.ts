import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from '../../api/types/index.js';
import { desiredSlices, desiredSubsets, MAX_ENDPOINTS_ADDRESSES, MAX_ENDPOINTS_PER_SLICE, resolveTargetPort, truncateSubsets } from './desired-endpoints.js';

function service(spec: Service['spec'] = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 's-1' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...spec },
  };
}

function pod(name: string, ip: string, opts: { ready?: boolean; containerPort?: number; hostname?: string; deleting?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `u-${name}`, labels: { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      nodeName: 'node-1',
      ...(opts.hostname ? { hostname: opts.hostname, subdomain: 'web' } : {}),
      containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: opts.containerPort ?? 8080 }] }],
    },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

describe('desired endpoints', () => {
  it('resolves named target ports per pod and groups pods by the ports they resolve to', () => {
    const pods = [pod('a', '10.0.0.1'), pod('b', '10.0.0.2', { containerPort: 9090 })];
    assert.equal(resolveTargetPort(pods[1]!, service().spec!.ports![0]!), 9090);
    const slices = desiredSlices(service(), pods);
    assert.deepEqual(
      slices.map((s) => [s.ports.map((p) => p.port), s.endpoints.map((e) => e.addresses[0])]),
      [
        [[8080], ['10.0.0.1']],
        [[9090], ['10.0.0.2']],
      ],
    );
  });

  it('marks a not-ready pod ready: false, or ready with publishNotReadyAddresses; terminating pods are not ready', () => {
    const pods = [pod('a', '10.0.0.1', { ready: false }), pod('b', '10.0.0.2', { deleting: true })];
    const conditions = desiredSlices(service(), pods)[0]!.endpoints.map((e) => e.conditions);
    assert.deepEqual(conditions, [
      { ready: false, serving: false, terminating: false },
      { ready: false, serving: true, terminating: true },
    ]);
    assert.deepEqual(desiredSlices(service({ publishNotReadyAddresses: true }), pods)[0]!.endpoints[0]!.conditions, { ready: true, serving: true, terminating: false });
    const subsets = desiredSubsets(service(), pods);
    assert.deepEqual(subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.map((a) => a.ip)]), [[0, ['10.0.0.1']]]);
  });

  it('publishes hostname, nodeName and targetRef, and splits above 100 endpoints', () => {
    const [endpoint] = desiredSlices(service({ clusterIP: 'None' }), [pod('web-0', '10.0.0.1', { hostname: 'web-0' })])[0]!.endpoints;
    assert.deepEqual(endpoint, {
      addresses: ['10.0.0.1'],
      conditions: { ready: true, serving: true, terminating: false },
      hostname: 'web-0',
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u-web-0' },
    });
    const many = Array.from({ length: MAX_ENDPOINTS_PER_SLICE + 1 }, (_, i) => pod(`p-${String(i).padStart(3, '0')}`, `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`));
    assert.deepEqual(desiredSlices(service(), many).map((s) => s.endpoints.length), [MAX_ENDPOINTS_PER_SLICE, 1]);
  });

  it('leaves out pods without an address, finished pods and pods lacking the named port', () => {
    const noIp = pod('a', '');
    const done = { ...pod('b', '10.0.0.2'), status: { phase: 'Succeeded' as const, podIP: '10.0.0.2' } };
    const noPort = pod('c', '10.0.0.3');
    noPort.spec.containers[0]!.ports = [];
    assert.deepEqual(desiredSlices(service(), [noIp, done, noPort]), [{ ports: [], endpoints: [] }]);
    assert.deepEqual(desiredSubsets(service(), [noIp, done, noPort]), []);
  });
});

describe('legacy Endpoints capacity', () => {
  it('keeps at most 1000 addresses, ready ones first, and says it cut', () => {
    const address = (i: number) => ({ ip: `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}` });
    const subsets = [
      { notReadyAddresses: Array.from({ length: 10 }, (_, i) => address(i)), ports: [{ port: 80 }] },
      { addresses: Array.from({ length: MAX_ENDPOINTS_ADDRESSES }, (_, i) => address(1000 + i)), ports: [{ port: 81 }] },
    ];
    const cut = truncateSubsets(subsets);
    assert.equal(cut.truncated, true);
    assert.deepEqual(cut.subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]), [[MAX_ENDPOINTS_ADDRESSES, 0]]);
    assert.deepEqual(truncateSubsets(subsets.slice(0, 1)), { subsets: subsets.slice(0, 1), truncated: false });
  });
});
