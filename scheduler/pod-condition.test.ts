import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unschedulableCondition, withPodCondition } from './pod-condition.js';
import { makePod } from '../testkit/objects/scheduling-objects.js';

test('adds the condition, and answers undefined when nothing would change', () => {
  const pod = makePod('p');
  const first = withPodCondition(pod, unschedulableCondition('0/1 nodes are available: 1 Insufficient cpu.', 0))!;
  assert.equal(first.status!.conditions!.length, 1);
  assert.equal(first.status!.conditions![0]!.lastTransitionTime, '1970-01-01T00:00:00Z');
  assert.equal(pod.status!.conditions, undefined, 'the input is not mutated');
  assert.equal(withPodCondition(first, unschedulableCondition('0/1 nodes are available: 1 Insufficient cpu.', 5000)), undefined);
});

test('a new message keeps lastTransitionTime while the status stays False', () => {
  const first = withPodCondition(makePod('p'), unschedulableCondition('a', 0))!;
  const second = withPodCondition(first, unschedulableCondition('b', 5000))!;
  assert.equal(second.status!.conditions![0]!.message, 'b');
  assert.equal(second.status!.conditions![0]!.lastTransitionTime, '1970-01-01T00:00:00Z');
});
