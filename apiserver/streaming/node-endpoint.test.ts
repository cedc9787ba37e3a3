import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, NodeAddress } from '../../api/types/index.js';
import { agentEndpoint } from './node-endpoint.js';

function node(addresses: NodeAddress[], port?: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    status: { addresses, ...(port === undefined ? {} : { daemonEndpoints: { kubeletEndpoint: { Port: port } } }) },
  };
}

test('the InternalIP and the streaming port make the endpoint', () => {
  const n = node([{ type: 'Hostname', address: 'host-1' }, { type: 'InternalIP', address: '10.0.0.2' }], 10250);
  assert.equal(agentEndpoint(n), '10.0.0.2:10250');
});

test('an IPv6 address is bracketed; a hostname serves when there is no IP', () => {
  assert.equal(agentEndpoint(node([{ type: 'InternalIP', address: 'fd00::2' }], 7)), '[fd00::2]:7');
  assert.equal(agentEndpoint(node([{ type: 'Hostname', address: 'host-1' }], 7)), 'host-1:7');
});

test('a node without a port or an address is unavailable', () => {
  assert.throws(() => agentEndpoint(node([{ type: 'InternalIP', address: '10.0.0.2' }])), (e: Error & { reason?: string }) => e.reason === 'ServiceUnavailable');
  assert.throws(() => agentEndpoint(node([], 10250)), /no address/);
});
