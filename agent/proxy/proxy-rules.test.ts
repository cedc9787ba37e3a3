import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainNames, MAX_CHAIN_NAME_LENGTH } from './chain-names.js';
import { chainsFromListing, jumpRules, probability, renderRules } from './proxy-rules.js';
import type { ProxyServicePort } from './proxy-model.js';

const names = chainNames('FLT');

function port(overrides: Partial<ProxyServicePort> = {}): ProxyServicePort {
  return { id: 'default/web:http', clusterIP: '10.96.0.20', port: 80, protocol: 'tcp', nodePort: 0, endpoints: [], affinitySeconds: 0, ...overrides };
}

test('a ClusterIP with three endpoints: equal random shares, hairpin masquerade, DNAT per endpoint', () => {
  const sp = port({ endpoints: [{ ip: '172.20.0.2', port: 8080 }, { ip: '172.20.0.3', port: 8080 }, { ip: '172.20.0.4', port: 8080 }] });
  const svc = names.service(sp.id);
  const [a, b, c] = sp.endpoints.map((ep) => names.endpoint(sp.id, ep.ip, ep.port));
  const { text, chains } = renderRules({ names, ports: [sp], existingNatChains: [] });
  assert.equal(
    text,
    [
      '*filter',
      ':FLT-SERVICES - [0:0]',
      ':FLT-FIREWALL - [0:0]',
      '-A FLT-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      'COMMIT',
      '*nat',
      ':FLT-SERVICES - [0:0]',
      ':FLT-NODEPORTS - [0:0]',
      ':FLT-POSTROUTING - [0:0]',
      ':FLT-MARK-MASQ - [0:0]',
      `:${svc} - [0:0]`,
      `:${a} - [0:0]`,
      `:${b} - [0:0]`,
      `:${c} - [0:0]`,
      '-A FLT-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A FLT-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A FLT-POSTROUTING -m comment --comment "flotilla service traffic requiring SNAT" -j MASQUERADE',
      '-A FLT-MARK-MASQ -j MARK --or-mark 0x4000',
      `-A FLT-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http cluster IP" -j ${svc}`,
      `-A ${svc} -m comment --comment "default/web:http -> 172.20.0.2:8080" -m statistic --mode random --probability 0.3333333333 -j ${a}`,
      `-A ${svc} -m comment --comment "default/web:http -> 172.20.0.3:8080" -m statistic --mode random --probability 0.5000000000 -j ${b}`,
      `-A ${svc} -m comment --comment "default/web:http -> 172.20.0.4:8080" -j ${c}`,
      `-A ${a} -s 172.20.0.2/32 -m comment --comment "default/web:http" -j FLT-MARK-MASQ`,
      `-A ${a} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 172.20.0.2:8080`,
      `-A ${b} -s 172.20.0.3/32 -m comment --comment "default/web:http" -j FLT-MARK-MASQ`,
      `-A ${b} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 172.20.0.3:8080`,
      `-A ${c} -s 172.20.0.4/32 -m comment --comment "default/web:http" -j FLT-MARK-MASQ`,
      `-A ${c} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 172.20.0.4:8080`,
      '-A FLT-SERVICES -m comment --comment "flotilla service nodeports" -m addrtype --dst-type LOCAL -j FLT-NODEPORTS',
      'COMMIT',
      '',
    ].join('\n'),
  );
  assert.deepEqual(chains, [svc, a, b, c]);
});

test('a NodePort is marked for masquerade and joins the service chain; ClientIP affinity checks and sets a recent list', () => {
  const sp = port({ id: 'shop/cart:', protocol: 'udp', nodePort: 30053, affinitySeconds: 60, endpoints: [{ ip: '172.20.0.9', port: 53 }] });
  const svc = names.service(sp.id);
  const sep = names.endpoint(sp.id, '172.20.0.9', 53);
  const lines = renderRules({ names, ports: [sp], existingNatChains: [] }).text.split('\n');
  const nodePortLines = lines.filter((l) => l.startsWith('-A FLT-NODEPORTS'));
  assert.deepEqual(nodePortLines, [
    '-A FLT-NODEPORTS -p udp -m udp --dport 30053 -m comment --comment "shop/cart:" -j FLT-MARK-MASQ',
    `-A FLT-NODEPORTS -p udp -m udp --dport 30053 -m comment --comment "shop/cart:" -j ${svc}`,
  ]);
  assert.deepEqual(
    lines.filter((l) => l.startsWith(`-A ${svc}`) || l.startsWith(`-A ${sep}`)),
    [
      `-A ${svc} -m comment --comment "shop/cart: -> 172.20.0.9:53" -m recent --name ${sep} --mask 255.255.255.255 --rsource --rcheck --seconds 60 --reap -j ${sep}`,
      `-A ${svc} -m comment --comment "shop/cart: -> 172.20.0.9:53" -j ${sep}`,
      `-A ${sep} -s 172.20.0.9/32 -m comment --comment "shop/cart:" -j FLT-MARK-MASQ`,
      `-A ${sep} -p udp -m comment --comment "shop/cart:" -m recent --name ${sep} --mask 255.255.255.255 --rsource --set -m udp -j DNAT --to-destination 172.20.0.9:53`,
    ],
  );
});

test('a Service without endpoints is rejected in the filter table, on its ClusterIP and its NodePort', () => {
  const { text, chains } = renderRules({ names, ports: [port({ nodePort: 30080 })], existingNatChains: [] });
  const filter = text.slice(0, text.indexOf('COMMIT'));
  assert.match(filter, /^-A FLT-SERVICES -d 10\.96\.0\.20\/32 -p tcp -m tcp --dport 80 -m comment --comment "default\/web:http has no endpoints" -j REJECT --reject-with icmp-port-unreachable$/m);
  assert.match(filter, /^-A FLT-SERVICES -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -m comment --comment "default\/web:http has no endpoints" -j REJECT/m);
  assert.deepEqual(chains, []);
  assert.doesNotMatch(text, /-SVC-/);
});

test('chains of deleted Services are flushed and deleted; other prefixes and foreign chains are left alone', () => {
  const gone = names.service('default/old:');
  const goneSep = names.endpoint('default/old:', '172.20.0.7', 80);
  const other = chainNames('OTHER').service('default/old:');
  const { text } = renderRules({ names, ports: [], existingNatChains: ['DOCKER', gone, goneSep, other, 'FLT-SERVICES'] });
  const nat = text.slice(text.indexOf('*nat'));
  assert.match(nat, new RegExp(`^:${gone} - \\[0:0\\]$`, 'm'));
  assert.match(nat, new RegExp(`^-X ${gone}$`, 'm'));
  assert.match(nat, new RegExp(`^-X ${goneSep}$`, 'm'));
  assert.doesNotMatch(text, /DOCKER|OTHER/);
  assert.doesNotMatch(text, /-X FLT-SERVICES/);
});

test('chain names fit iptables, differ per service and endpoint, and are stable', () => {
  const long = chainNames('ABCDEFGHIJKLMNO');
  assert.ok(long.service('ns/a-very-long-service-name:https').length <= MAX_CHAIN_NAME_LENGTH);
  assert.ok(names.endpoint('ns/a:', '10.0.0.1', 80).length <= MAX_CHAIN_NAME_LENGTH);
  assert.notEqual(names.service('ns/a:'), names.service('ns/b:'));
  assert.notEqual(names.endpoint('ns/a:', '10.0.0.1', 80), names.endpoint('ns/a:', '10.0.0.1', 81));
  assert.equal(names.service('ns/a:'), chainNames('FLT').service('ns/a:'));
  assert.match(names.service('ns/a:'), /^FLT-SVC-[A-Z0-9]+$/);
});

test('probabilities give each of n endpoints 1/n', () => {
  assert.deepEqual([0, 1, 2, 3].map((i) => probability(i, 4)), ['0.2500000000', '0.3333333333', '0.5000000000', '1.0000000000']);
});

test('jump rules enter our chains from nat PREROUTING/OUTPUT/POSTROUTING (kept ahead of Docker\'s masquerade) and filter INPUT/FORWARD/OUTPUT only', () => {
  assert.deepEqual(
    jumpRules(names).map((j) => `${j.table}/${j.chain} -> ${j.args.at(-1)}${j.ahead ? ' (ahead)' : ''}`),
    ['nat/PREROUTING -> FLT-SERVICES', 'nat/OUTPUT -> FLT-SERVICES', 'nat/POSTROUTING -> FLT-POSTROUTING (ahead)', 'filter/INPUT -> FLT-SERVICES', 'filter/INPUT -> FLT-FIREWALL', 'filter/FORWARD -> FLT-SERVICES', 'filter/OUTPUT -> FLT-SERVICES'],
  );
});

test('chainsFromListing reads -N lines of iptables -S', () => {
  assert.deepEqual(chainsFromListing('-P PREROUTING ACCEPT\n-N DOCKER\n-N FLT-SVC-ABC\n-A DOCKER -i docker0 -j RETURN\n'), ['DOCKER', 'FLT-SVC-ABC']);
});
