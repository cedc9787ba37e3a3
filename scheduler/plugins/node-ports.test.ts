import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { newPodInfo } from '../framework/pod-info.js';
import { nodePorts } from './node-ports.js';

const REJECT = { reasons: ["node(s) didn't have free ports for the requested pod ports"] };

test('a host port already taken on the node rejects it', () => {
  const node = nodeInfo(makeNode('n'), [makePod('a', { hostPort: 8080, nodeName: 'n' })]);
  assert.deepEqual(nodePorts.filter(podInfo('p', { hostPort: 8080 }), node), REJECT);
  assert.equal(nodePorts.filter(podInfo('p', { hostPort: 8081 }), node), null);
  assert.equal(nodePorts.filter(podInfo('p'), node), null);
});

test('different protocols and different specific IPs do not clash; 0.0.0.0 clashes with all', () => {
  const bound = makePod('a', { nodeName: 'n' });
  bound.spec.containers[0]!.ports = [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }];
  const node = nodeInfo(makeNode('n'), [bound]);
  const tcp = makePod('tcp');
  tcp.spec.containers[0]!.ports = [{ containerPort: 53, hostPort: 53, protocol: 'TCP' }];
  assert.equal(nodePorts.filter(newPodInfo(tcp), node), null);
  const otherIp = makePod('other');
  otherIp.spec.containers[0]!.ports = [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' }];
  assert.equal(nodePorts.filter(newPodInfo(otherIp), node), null);
  const wildcard = makePod('any');
  wildcard.spec.containers[0]!.ports = [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }];
  assert.deepEqual(nodePorts.filter(newPodInfo(wildcard), node), REJECT);
});

test('a port frees up when the pod holding it leaves', () => {
  const node = nodeInfo(makeNode('n'), [makePod('a', { hostPort: 8080, nodeName: 'n' })]);
  node.removePod('default/a');
  assert.equal(nodePorts.filter(podInfo('p', { hostPort: 8080 }), node), null);
});
