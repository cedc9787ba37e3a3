import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainNames } from '../proxy/chain-names.js';
import { podCIDRSet, podNetworkJumps, renderPodNetworkRules } from './pod-network-rules.js';

const names = chainNames('FLT');

test('pod CIDRs: IPv4 only, each once, sorted', () => {
  assert.deepEqual(podCIDRSet(['172.19.0.0/16', '172.18.0.0/16', 'fd00::/64', '172.19.0.0/16']), ['172.18.0.0/16', '172.19.0.0/16']);
});

test('two nodes: forwarding and no masquerade between their pod CIDRs, service traffic left to the proxy', () => {
  assert.equal(
    renderPodNetworkRules(names, ['172.18.0.0/16', '172.19.0.0/16']),
    [
      '*filter',
      ':FLT-POD-FORWARD - [0:0]',
      ':FLT-POD-DEST - [0:0]',
      '-A FLT-POD-FORWARD -s 172.18.0.0/16 -m comment --comment "from a pod" -j FLT-POD-DEST',
      '-A FLT-POD-FORWARD -s 172.19.0.0/16 -m comment --comment "from a pod" -j FLT-POD-DEST',
      '-A FLT-POD-DEST -d 172.18.0.0/16 -m comment --comment "pod to pod" -j ACCEPT',
      '-A FLT-POD-DEST -d 172.19.0.0/16 -m comment --comment "pod to pod" -j ACCEPT',
      'COMMIT',
      '*nat',
      ':FLT-POD-NOMASQ - [0:0]',
      ':FLT-POD-DEST - [0:0]',
      '-A FLT-POD-NOMASQ -m mark --mark 0x4000/0x4000 -m comment --comment "service traffic the proxy masquerades" -j RETURN',
      '-A FLT-POD-NOMASQ -s 172.18.0.0/16 -m comment --comment "from a pod" -j FLT-POD-DEST',
      '-A FLT-POD-NOMASQ -s 172.19.0.0/16 -m comment --comment "from a pod" -j FLT-POD-DEST',
      '-A FLT-POD-DEST -d 172.18.0.0/16 -m comment --comment "pod to pod keeps its source address" -j ACCEPT',
      '-A FLT-POD-DEST -d 172.19.0.0/16 -m comment --comment "pod to pod keeps its source address" -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n'),
  );
});

test('no pod CIDRs yet: the chains exist and accept nothing', () => {
  const text = renderPodNetworkRules(names, []);
  assert.doesNotMatch(text, /ACCEPT/);
  assert.match(text, /:FLT-POD-FORWARD - \[0:0\]/);
});

test('the jumps: from DOCKER-USER when Docker has it, from FORWARD otherwise; POSTROUTING kept ahead of Docker', () => {
  const show = (hasDockerUser: boolean) => podNetworkJumps(names, hasDockerUser).map((j) => `${j.table}/${j.chain} -> ${j.args.at(-1)}${j.ahead ? ' (ahead)' : ''}`);
  assert.deepEqual(show(true), ['filter/DOCKER-USER -> FLT-POD-FORWARD', 'nat/POSTROUTING -> FLT-POD-NOMASQ (ahead)']);
  assert.deepEqual(show(false), ['filter/FORWARD -> FLT-POD-FORWARD', 'nat/POSTROUTING -> FLT-POD-NOMASQ (ahead)']);
});
