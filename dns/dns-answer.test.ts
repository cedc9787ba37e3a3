import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket, { type Answer } from 'dns-packet';
import type { EndpointSlice, Service } from '../api/types/index.js';
import { answerQuestion, type DnsView } from './dns-answer.js';
import { handleQuery } from './dns-server.js';

function svc(name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

const services = [
  svc('web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80 }] }),
  svc('nginx', { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] }),
  svc('db', { type: 'ExternalName', externalName: 'db.example.com' }),
];
const nginxSlice: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'nginx-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
  addressType: 'IPv4',
  endpoints: [
    { addresses: ['172.20.0.11'], hostname: 'web-1', conditions: { ready: true } },
    { addresses: ['172.20.0.10'], hostname: 'web-0', conditions: { ready: true } },
    { addresses: ['172.20.0.12'], hostname: 'web-2', conditions: { ready: false } },
  ],
  ports: [{ name: 'web', port: 80, protocol: 'TCP' }],
};
const view: DnsView = {
  namespaceExists: (name) => name === 'default',
  service: (ns, name) => services.find((s) => s.metadata.namespace === ns && s.metadata.name === name),
  slices: (ns, name) => (ns === 'default' && name === 'nginx' ? [nginxSlice] : []),
};

const dataOf = (x: Answer): unknown => (x as { data?: unknown }).data;
const rcodeOf = (p: object): unknown => (p as { rcode?: string }).rcode;

function ask(name: string, type: 'A' | 'AAAA' | 'SRV' = 'A') {
  return answerQuestion({ name, type, class: 'IN' }, view);
}

function addresses(name: string): string[] {
  const r = ask(name);
  assert.equal(r.kind, 'answer', `${name} should resolve`);
  return r.kind === 'answer' ? r.answers.map((x) => String(dataOf(x))) : [];
}

test('a ClusterIP Service resolves to its ClusterIP, case-insensitively and with a trailing dot', () => {
  assert.deepEqual(addresses('web.default.svc.cluster.local'), ['10.96.0.20']);
  assert.deepEqual(addresses('WEB.Default.svc.cluster.local.'), ['10.96.0.20']);
});

test('a headless Service resolves to its ready endpoints; a StatefulSet pod by hostname', () => {
  assert.deepEqual(addresses('nginx.default.svc.cluster.local'), ['172.20.0.10', '172.20.0.11']);
  assert.deepEqual(addresses('web-0.nginx.default.svc.cluster.local'), ['172.20.0.10']);
  assert.equal(ask('web-2.nginx.default.svc.cluster.local').kind, 'nxdomain');
});

test('SRV for named ports: the Service name, or each headless endpoint', () => {
  const plain = ask('_http._tcp.web.default.svc.cluster.local', 'SRV');
  assert.deepEqual(plain.kind === 'answer' && plain.answers.map(dataOf), [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
  const headless = ask('_web._tcp.nginx.default.svc.cluster.local', 'SRV');
  assert.deepEqual(headless.kind === 'answer' && headless.answers.map((x) => (dataOf(x) as { target: string }).target), ['web-0.nginx.default.svc.cluster.local', 'web-1.nginx.default.svc.cluster.local']);
  assert.equal(ask('_https._tcp.web.default.svc.cluster.local', 'SRV').kind, 'nxdomain');
});

test('ExternalName answers a CNAME; unknown names in the domain NXDOMAIN; other types of a known name NODATA', () => {
  const cname = ask('db.default.svc.cluster.local');
  assert.deepEqual(cname.kind === 'answer' && cname.answers.map((x) => [x.type, dataOf(x)]), [['CNAME', 'db.example.com']]);
  assert.equal(ask('missing.default.svc.cluster.local').kind, 'nxdomain');
  // What a search path produces for an already qualified name.
  assert.equal(ask('web.default.svc.cluster.local.default.svc.cluster.local').kind, 'nxdomain');
  assert.deepEqual(ask('web.default.svc.cluster.local', 'AAAA'), { kind: 'answer', answers: [] });
  assert.deepEqual(ask('default.svc.cluster.local'), { kind: 'answer', answers: [] });
  // busybox asks this for `nslookup nginx` through the search path: no namespace "nginx".
  assert.equal(ask('nginx.svc.cluster.local').kind, 'nxdomain');
  assert.deepEqual(ask('svc.cluster.local'), { kind: 'answer', answers: [] });
});

test('pod names spell their address; names outside the domain are forwarded', () => {
  assert.deepEqual(addresses('172-20-0-5.default.pod.cluster.local'), ['172.20.0.5']);
  assert.equal(ask('300-1-1-1.default.pod.cluster.local').kind, 'nxdomain');
  assert.equal(ask('example.com').kind, 'forward');
});

test('over the wire: an authoritative answer, NXDOMAIN, and REFUSED for outside names when forwarding is off', async () => {
  const query = (name: string) => dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A', class: 'IN' }] });
  const found = dnsPacket.decode(await handleQuery(query('web.default.svc.cluster.local'), { domain: 'cluster.local', view, forwarder: undefined }));
  assert.equal(found.id, 7);
  assert.equal(rcodeOf(found), 'NOERROR');
  assert.ok(found.flag_aa);
  assert.deepEqual(found.answers?.map(dataOf), ['10.96.0.20']);
  const missing = dnsPacket.decode(await handleQuery(query('nope.default.svc.cluster.local'), { domain: 'cluster.local', view, forwarder: undefined }));
  assert.equal(rcodeOf(missing), 'NXDOMAIN');
  const outside = dnsPacket.decode(await handleQuery(query('example.com'), { domain: 'cluster.local', view, forwarder: undefined }));
  assert.equal(rcodeOf(outside), 'REFUSED');
  const relayed = dnsPacket.decode(
    await handleQuery(query('example.com'), { domain: 'cluster.local', view, forwarder: { forward: async (raw) => dnsPacket.encode({ ...dnsPacket.decode(raw), type: 'response', answers: [{ type: 'A', class: 'IN', name: 'example.com', ttl: 1, data: '192.0.2.9' }] }) } }),
  );
  assert.deepEqual(relayed.answers?.map(dataOf), ['192.0.2.9']);
});
