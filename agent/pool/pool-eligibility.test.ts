import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodSpec } from '../../api/types/index.js';
import { poolIneligibility } from './pool-eligibility.js';

function pod(spec: Partial<PodSpec> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec } };
}

test('a plain pod, with dnsPolicy, hostAliases, hostname and shared PIDs, fits a pooled sandbox', () => {
  assert.equal(poolIneligibility(pod(), true), undefined);
  const rich = pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] }, hostAliases: [{ ip: '10.1.1.1', hostnames: ['db'] }], hostname: 'h', subdomain: 's', shareProcessNamespace: true });
  assert.equal(poolIneligibility(rich, true), undefined);
  assert.equal(poolIneligibility(pod({ containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] }), true), undefined);
});

test('each sandbox setting taken from the pod names its reason', () => {
  assert.equal(poolIneligibility(pod({ hostNetwork: true }), true), 'HostNetwork');
  assert.equal(poolIneligibility(pod({ containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] }), true), 'HostPorts');
  assert.equal(poolIneligibility(pod({ initContainers: [{ name: 'init', image: 'busybox', ports: [{ containerPort: 53, hostPort: 53 }] }] }), true), 'HostPorts');
  assert.equal(poolIneligibility(pod({ hostIPC: true }), true), 'HostIPC');
  assert.equal(poolIneligibility(pod({ hostPID: true }), true), 'HostPID');
  assert.equal(poolIneligibility(pod({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } }), true), 'Sysctls');
});

test('without the hostname shim no pod takes a pooled sandbox', () => {
  assert.equal(poolIneligibility(pod(), false), 'NoHostnameShim');
});
