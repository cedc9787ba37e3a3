import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { missingClusterDnsMessage, podResolvConf, type DnsSettings } from './resolv-conf.js';

const settings: DnsSettings = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: 'nameserver 192.0.2.53\nsearch corp.example\noptions edns0\n' };

function pod(spec: Partial<Pod['spec']>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [], ...spec } };
}

test('ClusterFirst (the default): the cluster DNS, the namespace search path, then the host\'s, ndots:5', () => {
  assert.equal(podResolvConf(pod({}), settings), 'nameserver 10.96.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example\noptions ndots:5\n');
});

test('Default, and ClusterFirst on the host network: the host\'s resolver', () => {
  const host = 'nameserver 192.0.2.53\nsearch corp.example\noptions edns0\n';
  assert.equal(podResolvConf(pod({ dnsPolicy: 'Default' }), settings), host);
  assert.equal(podResolvConf(pod({ hostNetwork: true }), settings), host);
  assert.match(podResolvConf(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), settings), /^nameserver 10\.96\.0\.10\n/);
});

test('None takes only dnsConfig; dnsConfig adds to the others and overrides options by name', () => {
  const dnsConfig = { nameservers: ['1.1.1.1'], searches: ['my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
  assert.equal(podResolvConf(pod({ dnsPolicy: 'None', dnsConfig }), settings), 'nameserver 1.1.1.1\nsearch my.dns.search.suffix\noptions ndots:2 edns0\n');
  assert.equal(
    podResolvConf(pod({ dnsConfig }), settings),
    'nameserver 10.96.0.10\nnameserver 1.1.1.1\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example my.dns.search.suffix\noptions ndots:2 edns0\n',
  );
});

test('without a cluster DNS, ClusterFirst falls back to the host\'s resolver with the kubelet\'s MissingClusterDNS message', () => {
  const none = { ...settings, clusterDNS: [] };
  assert.match(podResolvConf(pod({}), none), /^nameserver 192\.0\.2\.53\n/);
  assert.match(missingClusterDnsMessage(pod({}), none) ?? '', /^pod: "p_shop\(\)"\. kubelet does not have ClusterDNS IP configured .* Falling back to "Default" policy\.$/);
  assert.equal(missingClusterDnsMessage(pod({}), settings), undefined);
  assert.equal(missingClusterDnsMessage(pod({ dnsPolicy: 'Default' }), none), undefined);
  assert.equal(missingClusterDnsMessage(pod({ hostNetwork: true }), none), undefined);
});

test('a loopback host resolver is left out for pods with their own network, kept on the host network', () => {
  const local = { ...settings, clusterDNS: [], hostResolvConf: 'nameserver 127.0.0.53\nnameserver 192.0.2.53\n' };
  assert.equal(podResolvConf(pod({ dnsPolicy: 'Default' }), local), 'nameserver 192.0.2.53\n');
  assert.equal(podResolvConf(pod({ hostNetwork: true }), local), 'nameserver 127.0.0.53\nnameserver 192.0.2.53\n');
});
