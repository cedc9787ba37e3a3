import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointSlice, Service } from '../../api/types/index.js';
import { servicePorts } from './service-ports.js';

function service(spec: Service['spec'], name = 'web'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

function slice(endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports']): EndpointSlice {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints, ports };
}

test('each Service port gets the ready endpoints of the slice port with its name and protocol', () => {
  const svc = service({ type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }], sessionAffinity: 'ClientIP' });
  const slices = [
    slice(
      [
        { addresses: ['172.20.0.10'], conditions: { ready: true } },
        { addresses: ['172.20.0.9'] },
        { addresses: ['172.20.0.11'], conditions: { ready: false } },
      ],
      [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 5353, protocol: 'UDP' }],
    ),
  ];
  assert.deepEqual(servicePorts(svc, slices, 'n1'), [
    { id: 'default/web:http', clusterIP: '10.96.0.20', port: 80, protocol: 'tcp', nodePort: 30080, affinitySeconds: 10800, endpoints: [{ ip: '172.20.0.9', port: 8080 }, { ip: '172.20.0.10', port: 8080 }] },
    { id: 'default/web:dns', clusterIP: '10.96.0.20', port: 53, protocol: 'udp', nodePort: 0, affinitySeconds: 10800, endpoints: [{ ip: '172.20.0.9', port: 5353 }, { ip: '172.20.0.10', port: 5353 }] },
  ]);
});

test('headless and ExternalName Services have nothing to proxy', () => {
  assert.deepEqual(servicePorts(service({ clusterIP: 'None', ports: [{ port: 80 }] }), [], 'n1'), []);
  assert.deepEqual(servicePorts(service({ type: 'ExternalName', externalName: 'example.com' }), [], 'n1'), []);
});

test('internalTrafficPolicy Local keeps only this node\'s endpoints', () => {
  const svc = service({ clusterIP: '10.96.0.21', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
  const slices = [slice([{ addresses: ['172.20.0.2'], nodeName: 'n1' }, { addresses: ['172.21.0.2'], nodeName: 'n2' }], [{ port: 80 }])];
  assert.deepEqual(servicePorts(svc, slices, 'n1')[0]?.endpoints, [{ ip: '172.20.0.2', port: 80 }]);
});
