import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { SchedulerCache } from './scheduler-cache.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

function bound(name: string, node: string, cpu = '1'): Pod {
  return makePod(name, { cpu, nodeName: node });
}

function setup() {
  const clock = new ManualClock(0);
  const expired: string[] = [];
  const cache = new SchedulerCache({ clock, assumedPodTtlMs: 30_000, onExpire: (p) => expired.push(p.metadata.name!) });
  cache.addNode(makeNode('n1'));
  cache.addNode(makeNode('n2'));
  return { cache, expired, advance: (ms: number) => clock.advance(ms) };
}

test('an assumed pod counts at once, and confirming it does not count it twice', () => {
  const { cache } = setup();
  cache.assumePod(bound('p', 'n1'));
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 1000);
  assert.equal(cache.isAssumed('default/p'), true);
  cache.finishBinding(bound('p', 'n1'));
  cache.addPod(bound('p', 'n1'));
  assert.equal(cache.isAssumed('default/p'), false);
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 1000);
  assert.equal(cache.getNode('n1')!.pods.size, 1);
});

test('confirmation before the bind call returns is fine too', () => {
  const { cache, advance, expired } = setup();
  cache.assumePod(bound('p', 'n1'));
  cache.addPod(bound('p', 'n1'));
  cache.finishBinding(bound('p', 'n1'));
  advance(60_000);
  cache.cleanupAssumedPods();
  assert.deepEqual(expired, []);
  assert.equal(cache.getNode('n1')!.pods.size, 1);
});

test('a pod confirmed on another node than assumed moves there', () => {
  const { cache } = setup();
  cache.assumePod(bound('p', 'n1'));
  cache.addPod(bound('p', 'n2'));
  assert.equal(cache.getNode('n1')!.pods.size, 0);
  assert.equal(cache.getNode('n2')!.requested.milliCpu, 1000);
});

test('forget takes an assumption back', () => {
  const { cache } = setup();
  cache.assumePod(bound('p', 'n1'));
  cache.forgetPod(bound('p', 'n1'));
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 0);
  assert.equal(cache.isAssumed('default/p'), false);
  assert.equal(cache.podCount(), 0);
});

test('an assumption whose bind finished but never showed up expires after the TTL', () => {
  const { cache, advance, expired } = setup();
  cache.assumePod(bound('p', 'n1'));
  advance(100_000);
  cache.cleanupAssumedPods();
  assert.deepEqual(expired, [], 'no expiry while the bind is still in flight');
  cache.finishBinding(bound('p', 'n1'));
  advance(29_999);
  cache.cleanupAssumedPods();
  assert.deepEqual(expired, []);
  advance(2);
  cache.cleanupAssumedPods();
  assert.deepEqual(expired, ['p']);
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 0);
});

test('update and remove of bound pods keep the sums right', () => {
  const { cache } = setup();
  cache.addPod(bound('p', 'n1', '1'));
  cache.updatePod(bound('p', 'n1', '2'));
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 2000);
  cache.removePod(bound('p', 'n1'));
  assert.equal(cache.getNode('n1')!.requested.milliCpu, 0);
});

test('pods may arrive before their node; removed nodes stop being candidates', () => {
  const { cache } = setup();
  cache.addPod(bound('early', 'n3'));
  assert.equal(cache.listNodes().length, 2);
  cache.addNode(makeNode('n3'));
  assert.equal(cache.listNodes().length, 3);
  assert.equal(cache.getNode('n3')!.pods.size, 1);
  cache.removeNode(makeNode('n3'));
  assert.deepEqual(cache.listNodes().map((n) => n.name).sort(), ['n1', 'n2']);
});
