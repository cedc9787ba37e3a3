import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { ASSIGNED_POD_DELETE, NODE_ADD, nodeUpdateEvent } from './cluster-event.js';
import { SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

function clockedQueue() {
  const clock = new ManualClock(1_000_000);
  const queue = new SchedulingQueue({ clock });
  return { queue, advance: (ms: number) => clock.advance(ms) };
}

async function popName(queue: SchedulingQueue): Promise<string | undefined> {
  return (await queue.pop())?.podInfo.pod.metadata.name;
}

function failed(q: QueuedPodInfo, ...plugins: string[]): QueuedPodInfo {
  return { ...q, unschedulablePlugins: new Set(plugins) };
}

test('activeQ: higher priority first, then the one queued earlier', async () => {
  const { queue, advance } = clockedQueue();
  queue.add(makePod('old-low', { priority: 0 }));
  advance(10);
  queue.add(makePod('high', { priority: 100 }));
  advance(10);
  queue.add(makePod('new-low', { priority: 0 }));
  assert.equal(await popName(queue), 'high');
  assert.equal(await popName(queue), 'old-low');
  assert.equal(await popName(queue), 'new-low');
});

test('pop waits for a pod, and ends on abort', async () => {
  const { queue } = clockedQueue();
  const waiting = queue.pop();
  queue.add(makePod('late'));
  assert.equal((await waiting)?.podInfo.pod.metadata.name, 'late');
  const ac = new AbortController();
  const aborted = queue.pop(ac.signal);
  ac.abort();
  assert.equal(await aborted, undefined);
});

test('an error backs off 1 s, doubling per attempt up to 10 s', async () => {
  const { queue, advance } = clockedQueue();
  queue.add(makePod('p'));
  const durations: number[] = [];
  for (let attempt = 1; attempt <= 6; attempt++) {
    const q = (await queue.pop())!;
    assert.equal(q.attempts, attempt);
    durations.push(queue.backoffDuration(q));
    queue.addUnschedulableIfNotPresent(failed(q), queue.cycle);
    assert.deepEqual(queue.lengths(), { active: 0, backoff: 1, unschedulable: 0 });
    advance(queue.backoffDuration(q) - 1);
    queue.flushBackoffQCompleted();
    assert.equal(queue.lengths().active, 0, 'still backing off');
    advance(1);
    queue.flushBackoffQCompleted();
    assert.equal(queue.lengths().active, 1);
  }
  assert.deepEqual(durations, [1000, 2000, 4000, 8000, 10000, 10000]);
});

test('an unschedulable pod waits until an event that may help it', async () => {
  const { queue, advance } = clockedQueue();
  queue.add(makePod('p'));
  const q = (await queue.pop())!;
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeAffinity'), queue.cycle);
  assert.deepEqual(queue.lengths(), { active: 0, backoff: 0, unschedulable: 1 });
  // A pod leaving frees resources and ports, not labels.
  queue.moveAllToActiveOrBackoff(ASSIGNED_POD_DELETE);
  assert.equal(queue.lengths().unschedulable, 1);
  // A label change may help; the pod is still in its backoff window so it goes to backoffQ.
  const labelled = nodeUpdateEvent(makeNode('n'), makeNode('n', { labels: { disk: 'ssd' } }))!;
  queue.moveAllToActiveOrBackoff(labelled);
  assert.deepEqual(queue.lengths(), { active: 0, backoff: 1, unschedulable: 0 });
  advance(1000);
  queue.flushBackoffQCompleted();
  assert.equal(await popName(queue), 'p');
});

test('a node add moves every unschedulable pod; past backoff it goes straight to activeQ', async () => {
  const { queue, advance } = clockedQueue();
  queue.add(makePod('p'));
  const q = (await queue.pop())!;
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeResourcesFit'), queue.cycle);
  advance(5000);
  queue.moveAllToActiveOrBackoff(NODE_ADD);
  assert.deepEqual(queue.lengths(), { active: 1, backoff: 0, unschedulable: 0 });
});

test('a move request during the attempt sends the pod to backoff, not to unschedulable', async () => {
  const { queue } = clockedQueue();
  queue.add(makePod('p'));
  const q = (await queue.pop())!;
  const cycle = queue.cycle;
  queue.moveAllToActiveOrBackoff(NODE_ADD); // arrives while p is being scheduled
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeResourcesFit'), cycle);
  assert.deepEqual(queue.lengths(), { active: 0, backoff: 1, unschedulable: 0 });
});

test('unschedulable pods are retried after 60 s without any event', async () => {
  const { queue, advance } = clockedQueue();
  queue.add(makePod('p'));
  const q = (await queue.pop())!;
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeAffinity'), queue.cycle);
  advance(59_999);
  queue.flushUnschedulableLeftover();
  assert.equal(queue.lengths().unschedulable, 1);
  advance(1);
  queue.flushUnschedulableLeftover();
  assert.deepEqual(queue.lengths(), { active: 1, backoff: 0, unschedulable: 0 });
});

test('a spec change of an unschedulable pod retries it; a status-only change does not', async () => {
  const { queue, advance } = clockedQueue();
  const pod = makePod('p');
  queue.add(pod);
  const q = (await queue.pop())!;
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeAffinity'), queue.cycle);
  advance(2000);
  const statusOnly = { ...pod, metadata: { ...pod.metadata, resourceVersion: '9' }, status: { phase: 'Pending' as const, conditions: [] } };
  queue.update(pod, statusOnly);
  assert.equal(queue.lengths().unschedulable, 1);
  const newSpec = { ...statusOnly, spec: { ...pod.spec, nodeSelector: {} } };
  queue.update(statusOnly, newSpec);
  assert.deepEqual(queue.lengths(), { active: 1, backoff: 0, unschedulable: 0 });
});

test('delete removes a pod from wherever it is', async () => {
  const { queue } = clockedQueue();
  queue.add(makePod('a'));
  queue.add(makePod('b'));
  const q = (await queue.pop())!;
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeAffinity'), queue.cycle);
  queue.delete(makePod('a'));
  queue.delete(makePod('b'));
  assert.deepEqual(queue.lengths(), { active: 0, backoff: 0, unschedulable: 0 });
});

test('a move request that concerns other plugins does not stop a pod from waiting', async () => {
  const { queue } = clockedQueue();
  queue.add(makePod('p'));
  const q = (await queue.pop())!;
  const cycle = queue.cycle;
  queue.moveAllToActiveOrBackoff(ASSIGNED_POD_DELETE); // resources and ports, not labels
  queue.addUnschedulableIfNotPresent(failed(q, 'NodeAffinity'), cycle);
  assert.deepEqual(queue.lengths(), { active: 0, backoff: 0, unschedulable: 1 });
});
