import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api/errors.js';
import type { Pod, PodCondition } from '../api/types/index.js';
import { silentLogger } from '../client/silent-logger.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { Scheduler } from './scheduler.js';
import type { EventKind, SchedulerApi } from './scheduler-api.js';
import { makeNode, makePod } from '../testkit/objects/scheduling-objects.js';
import { systemClock, type Clock } from '../client/clock.js';
import { ManualClock, MANUAL_CLOCK_START_MS } from '../testkit/fakes/manual-clock.js';

const WAIT_MS = 5_000;

class FakeApi implements SchedulerApi {
  binds: { pod: string; node: string }[] = [];
  events: { pod: string; type: EventKind; reason: string; message: string }[] = [];
  conditions: { pod: string; condition: PodCondition }[] = [];
  failures: ApiError[] = [];
  bindDelayMs = 10;

  async bind(pod: Pod, nodeName: string): Promise<void> {
    await new Promise((r) => setTimeout(r, this.bindDelayMs));
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.binds.push({ pod: pod.metadata.name!, node: nodeName });
  }

  async setPodCondition(pod: Pod, condition: PodCondition): Promise<void> {
    this.conditions.push({ pod: pod.metadata.name!, condition });
  }

  event(pod: Pod, type: EventKind, reason: string, message: string): void {
    this.events.push({ pod: pod.metadata.name!, type, reason, message });
  }
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Real time unless a test brings a clock it moves: the queue's flush timers run either way. */
function start(api: FakeApi, clock: Clock = systemClock) {
  const scheduler = new Scheduler({
    api,
    logger: silentLogger(),
    clock,
    queue: new SchedulingQueue({ clock, initialBackoffMs: 20, maxBackoffMs: 50, backoffFlushIntervalMs: 10 }),
  });
  const ac = new AbortController();
  scheduler.start();
  const running = scheduler.run(ac.signal);
  return {
    scheduler,
    stop: async () => {
      ac.abort();
      await running;
      await scheduler.idle();
      scheduler.stop();
    },
  };
}

test('a burst does not pile onto one node: assumed pods count before their binds are seen', async () => {
  const api = new FakeApi();
  api.bindDelayMs = 50;
  const { scheduler, stop } = start(api);
  for (const n of ['n1', 'n2', 'n3']) scheduler.onNodeAdd(makeNode(n, { cpu: '2' }));
  for (let i = 0; i < 6; i++) scheduler.onPodAdd(makePod(`p${i}`, { cpu: '1' }));
  await until('6 binds', () => api.binds.length === 6);
  const perNode = new Map<string, number>();
  for (const b of api.binds) perNode.set(b.node, (perNode.get(b.node) ?? 0) + 1);
  assert.deepEqual([...perNode.values()], [2, 2, 2]);
  assert.equal(api.events.filter((e) => e.reason === 'Scheduled').length, 6);
  assert.match(api.events[0]!.message, /^Successfully assigned default\/p\d to n\d$/);
  await stop();
});

test('a failed bind is forgotten and retried', async () => {
  const api = new FakeApi();
  api.failures.push(new ApiError('InternalError', 'etcd hiccup'));
  const { scheduler, stop } = start(api);
  scheduler.onNodeAdd(makeNode('n1', { cpu: '1' }));
  scheduler.onPodAdd(makePod('p', { cpu: '1' }));
  await until('bind after retry', () => api.binds.length === 1);
  assert.equal(scheduler.cache.getNode('n1')!.pods.size, 1, 'the forgotten attempt left nothing behind');
  assert.ok(api.events.some((e) => e.reason === 'FailedScheduling' && e.message === 'Binding rejected: etcd hiccup'));
  await stop();
});

test('a pod that fits nowhere gets the condition and the event, then fits when a node is added', async () => {
  const api = new FakeApi();
  const { scheduler, stop } = start(api);
  scheduler.onNodeAdd(makeNode('small-1', { memory: '1Gi' }));
  scheduler.onNodeAdd(makeNode('small-2', { memory: '1Gi' }));
  scheduler.onNodeAdd(makeNode('tainted', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }));
  scheduler.onPodAdd(makePod('big', { memory: '2Gi' }));
  await until('condition', () => api.conditions.length === 1);
  const message = '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient memory.';
  assert.deepEqual(
    { ...api.conditions[0]!.condition, lastTransitionTime: undefined },
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: undefined },
  );
  assert.deepEqual(api.events.at(-1), { pod: 'big', type: 'Warning', reason: 'FailedScheduling', message });
  assert.deepEqual(scheduler.queue.lengths(), { active: 0, backoff: 0, unschedulable: 1 });
  scheduler.onNodeAdd(makeNode('large', { memory: '4Gi' }));
  await until('bound', () => api.binds.length === 1);
  assert.deepEqual(api.binds[0], { pod: 'big', node: 'large' });
  await stop();
});

test('pods for other schedulers, and already bound pods, are left alone', async () => {
  const api = new FakeApi();
  const { scheduler, stop } = start(api);
  scheduler.onNodeAdd(makeNode('n1'));
  scheduler.onPodAdd(makePod('other', { spec: { schedulerName: 'someone-else' } }));
  scheduler.onPodAdd(makePod('bound', { nodeName: 'n1', cpu: '1' }));
  scheduler.onPodAdd(makePod('mine', { spec: { schedulerName: 'default-scheduler' } }));
  await until('one bind', () => api.binds.length === 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(api.binds.map((b) => b.pod), ['mine']);
  assert.equal(scheduler.cache.getNode('n1')!.requested.milliCpu, 1000);
  await stop();
});

test('deleting a bound pod frees room for an unschedulable one', async () => {
  const api = new FakeApi();
  const { scheduler, stop } = start(api);
  scheduler.onNodeAdd(makeNode('n1', { cpu: '1' }));
  const holder = makePod('holder', { cpu: '1', nodeName: 'n1' });
  scheduler.onPodAdd(holder);
  scheduler.onPodAdd(makePod('waiting', { cpu: '1' }));
  await until('unschedulable', () => scheduler.queue.lengths().unschedulable === 1);
  scheduler.onPodDelete(holder);
  await until('bound', () => api.binds.length === 1);
  assert.deepEqual(api.binds[0], { pod: 'waiting', node: 'n1' });
  await stop();
});

test('a pod with scheduling gates waits, marked SchedulingGated, until the gates are removed', async () => {
  const api = new FakeApi();
  const { scheduler, stop } = start(api);
  scheduler.onNodeAdd(makeNode('n1'));
  const gated = makePod('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
  scheduler.onPodAdd(gated);
  await until('gated condition', () => api.conditions.length === 1);
  assert.equal(api.conditions[0]!.condition.reason, 'SchedulingGated');
  assert.equal(api.conditions[0]!.condition.message, 'Scheduling is blocked due to non-empty scheduling gates');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(api.binds.length, 0);
  scheduler.onPodUpdate(gated, makePod('gated', { spec: { schedulingGates: [] } }));
  await until('bound', () => api.binds.length === 1);
  await stop();
});

test('the scheduler dates its conditions and waits out backoff by the clock it is given', async () => {
  const api = new FakeApi();
  const clock = new ManualClock();
  const { scheduler, stop } = start(api, clock);
  scheduler.onNodeAdd(makeNode('small', { memory: '1Gi' }));
  scheduler.onPodAdd(makePod('big', { memory: '2Gi' }));
  await until('condition', () => api.conditions.length === 1);
  assert.equal(api.conditions[0]!.condition.lastTransitionTime, new Date(MANUAL_CLOCK_START_MS).toISOString().replace('.000Z', 'Z'));
  scheduler.onNodeAdd(makeNode('large', { memory: '4Gi' }));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(api.binds.length, 0, 'backoff has not run out while the clock stands still');
  clock.advance(60_000);
  await until('bound', () => api.binds.length === 1);
  assert.deepEqual(api.binds[0], { pod: 'big', node: 'large' });
  await stop();
});
