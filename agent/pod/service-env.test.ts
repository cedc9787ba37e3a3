import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../api/types/index.js';
import { serviceEnvVars } from './service-env.js';

function service(name: string, clusterIP: string, ports: NonNullable<Service['spec']>['ports']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { clusterIP, ports } };
}

describe('serviceEnvVars', () => {
  it('names the kubernetes Service as the kubelet does', () => {
    const vars = serviceEnvVars(service('kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]));
    assert.deepEqual(Object.fromEntries(vars), {
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    });
  });

  it('turns dashes into underscores and takes the first port as the Service port', () => {
    const vars = serviceEnvVars(service('my-dns', '10.96.0.10', [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]));
    assert.equal(vars.get('MY_DNS_SERVICE_PORT'), '53');
    assert.equal(vars.get('MY_DNS_SERVICE_PORT_DNS_TCP'), '53');
    assert.equal(vars.get('MY_DNS_PORT'), 'tcp://10.96.0.10:53');
    assert.equal(vars.get('MY_DNS_PORT_53_UDP_PROTO'), 'udp');
  });

  it('gives nothing for a headless Service', () => {
    assert.equal(serviceEnvVars(service('db', 'None', [{ port: 5432 }])).size, 0);
  });
});
