import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, serviceFixture, updateErrors } from './fixtures.js';
import { serviceStrategy } from './service.js';

function svc(spec: Record<string, unknown>): KubeObject {
  return { ...serviceFixture(), spec };
}

describe('Service defaults', () => {
  it('fills type, protocol, targetPort, affinity, traffic policy and single-stack IPv4 families', () => {
    const spec = defaulted(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] })).spec as Record<string, unknown>;
    assert.equal(spec.type, 'ClusterIP');
    assert.equal(spec.sessionAffinity, 'None');
    assert.equal(spec.internalTrafficPolicy, 'Cluster');
    assert.equal(spec.externalTrafficPolicy, undefined);
    assert.equal(spec.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(spec.ipFamilies, ['IPv4']);
    assert.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  });

  it('gives ClientIP affinity its three-hour timeout and NodePort its external policy', () => {
    const spec = defaulted(svc({ type: 'NodePort', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] })).spec as Record<string, unknown>;
    assert.deepEqual(spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
    assert.equal(spec.externalTrafficPolicy, 'Cluster');
  });

  it('mirrors clusterIP into clusterIPs; a selector-less headless Service may take both families', () => {
    const spec = defaulted(svc({ clusterIP: 'None', ports: [] })).spec as Record<string, unknown>;
    assert.deepEqual(spec.clusterIPs, ['None']);
    assert.equal(spec.ipFamilyPolicy, 'RequireDualStack');
  });
});

describe('Service validation', () => {
  it('accepts the fixture and an ExternalName', () => {
    assert.deepEqual(createErrors(serviceFixture()), []);
    assert.deepEqual(createErrors(svc({ type: 'ExternalName', externalName: 'example.com' })), []);
  });

  it('refuses ports out of range, duplicate and missing names', () => {
    assert.deepEqual(createErrors(svc({ ports: [{ port: 70000 }] })), [
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    assert.deepEqual(createErrors(svc({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] })), [
      'spec.ports[1].name: Duplicate value: "a"',
    ]);
    assert.deepEqual(createErrors(svc({ ports: [{ name: 'a', port: 80 }, { port: 81 }] })), ['spec.ports[1].name: Required value']);
    assert.deepEqual(createErrors(svc({ ports: [] })), ['spec.ports: Required value']);
  });

  it('refuses a nodePort on a ClusterIP Service and None on a NodePort one', () => {
    assert.deepEqual(createErrors(svc({ ports: [{ port: 80, nodePort: 30080 }] })), [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    assert.deepEqual(createErrors(svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] })), [
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ]);
  });

  it('refuses an unknown type, a bad IP and an affinity timeout over a day', () => {
    assert.deepEqual(createErrors(svc({ type: 'Magic', ports: [{ port: 80 }] })), [
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
    ]);
    assert.deepEqual(createErrors(svc({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] })), [
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    const affinity = { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } }, ports: [{ port: 80 }] };
    assert.deepEqual(createErrors(svc(affinity)), [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be between 1 and 86400, inclusive',
    ]);
  });
});

describe('Service updates', () => {
  const old = svc({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] });

  it('keeps clusterIP immutable', () => {
    const next = svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] });
    assert.deepEqual(updateErrors(next, old), [
      'spec.clusterIPs[0]: Invalid value: "10.96.0.11": may not change once set',
      'spec.clusterIP: Invalid value: "10.96.0.11": field is immutable',
    ]);
  });

  it('carries the allocated clusterIP and nodePorts when the client leaves them out', () => {
    const stored = svc({ type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080 }] });
    const next = svc({ type: 'NodePort', ports: [{ port: 80 }] });
    serviceStrategy.prepareForUpdate?.(next, stored);
    assert.equal((next.spec as Record<string, unknown>).clusterIP, '10.96.0.10');
    assert.deepEqual((next.spec as { ports: unknown[] }).ports, [{ port: 80, nodePort: 30080 }]);
  });

  it('drops the nodePorts a type change to ClusterIP no longer needs, unless the client changed them', () => {
    const stored = defaulted(svc({ type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080 }] }));
    const next = structuredClone(stored);
    (next.spec as Record<string, unknown>).type = 'ClusterIP';
    serviceStrategy.prepareForUpdate?.(next, stored);
    assert.deepEqual(updateErrors(next, stored), []);
    assert.equal((next.spec as { ports: { nodePort?: number }[] }).ports[0]?.nodePort, undefined);
    const changed = structuredClone(stored);
    Object.assign(changed.spec as object, { type: 'ClusterIP', ports: [{ port: 80, nodePort: 30081 }] });
    serviceStrategy.prepareForUpdate?.(changed, stored);
    assert.deepEqual(updateErrors(changed, stored), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  });
});

describe('Service port names', () => {
  it('are DNS labels, so kubectl create service names like 80-8080 pass', () => {
    assert.deepEqual(createErrors(svc({ ports: [{ name: '80-8080', port: 80, targetPort: 8080 }] })), []);
    assert.deepEqual(createErrors(svc({ ports: [{ name: 'Http', port: 80 }] })).length, 1);
  });
});
