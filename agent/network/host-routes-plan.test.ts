import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../../api/types/index.js';
import { desiredRoutes, parseRoutes, planRoutes } from './host-routes-plan.js';

function node(name: string, ip: string | undefined, podCIDR?: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: ip ? { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] } : {},
  };
}

const NODES = [node('n1', '172.20.0.2', '10.244.0.0/24'), node('n2', '172.20.0.3', '10.244.1.0/24'), node('n3', '172.20.0.4', '10.244.2.0/24'), node('new', '172.20.0.5'), node('noip', undefined, '10.244.9.0/24')];

test("a route to every other node's pod CIDR via its InternalIP; none to our own, none without a CIDR or an address", () => {
  assert.deepEqual(desiredRoutes(NODES, 'n1'), [
    { cidr: '10.244.1.0/24', via: '172.20.0.3' },
    { cidr: '10.244.2.0/24', via: '172.20.0.4' },
  ]);
});

test('the listing splits into our routes (proto 211) and destinations held by others', () => {
  const table = parseRoutes(
    [
      'default via 172.20.0.1 dev eth0',
      '10.244.0.0/24 dev br-1f2e proto kernel scope link src 10.244.0.1',
      '10.244.1.0/24 via 172.20.0.3 dev eth0 proto 211',
      '10.244.7.0/24 via 172.20.0.9 dev eth0 proto 211',
      '172.20.0.0/16 dev eth0 proto kernel scope link src 172.20.0.2',
      '',
    ].join('\n'),
  );
  assert.deepEqual(table.ours, [{ cidr: '10.244.1.0/24', via: '172.20.0.3' }, { cidr: '10.244.7.0/24', via: '172.20.0.9' }]);
  assert.deepEqual([...table.foreign].sort(), ['10.244.0.0/24', '172.20.0.0/16', 'default']);
});

test('the plan adds missing routes, moves changed ones, removes those of nodes that went, and never touches a foreign route', () => {
  const table = parseRoutes('10.244.1.0/24 via 172.20.0.9 dev eth0 proto 211\n10.244.7.0/24 via 172.20.0.9 dev eth0 proto 211\n10.244.2.0/24 dev br-x proto kernel scope link\n');
  const plan = planRoutes(table, desiredRoutes(NODES, 'n1'));
  assert.deepEqual(plan.replace, [{ cidr: '10.244.1.0/24', via: '172.20.0.3' }]);
  assert.deepEqual(plan.remove, ['10.244.7.0/24']);
  assert.deepEqual(plan.skipped, ['10.244.2.0/24']);
  assert.deepEqual(planRoutes(parseRoutes('10.244.1.0/24 via 172.20.0.3 dev eth0 proto 211\n10.244.2.0/24 via 172.20.0.4 dev eth0 proto 211'), desiredRoutes(NODES, 'n1')), { replace: [], remove: [], skipped: [] }, 'in step: nothing to do');
});
