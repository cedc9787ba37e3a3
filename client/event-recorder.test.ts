import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../api/errors.js';
import type { Event, Node, Pod } from '../api/types/index.js';
import { EventRecorder } from './event-recorder.js';
import { FakeApiClient } from '../testkit/fakes/fake-api-client.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '42' }, spec: { containers: [] } } as unknown as Pod;
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: 'u-n' } } as Node;

function events(fake: FakeApiClient): Event[] {
  return [...(fake.objects.get('events')?.values() ?? [])] as Event[];
}

describe('EventRecorder', () => {
  it('writes a v1 Event about the object in its namespace', async () => {
    const fake = new FakeApiClient();
    const rec = new EventRecorder(fake.asClient(), { component: 'scheduler', host: 'host-1' });
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web-1 to node-a');
    await rec.flush();
    const [e] = events(fake);
    assert.ok(e);
    assert.equal(e.metadata.namespace, 'prod');
    assert.match(e.metadata.name ?? '', /^web-1\.[0-9a-f]+$/);
    assert.deepEqual(e.involvedObject, { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '42' });
    assert.equal(e.type, 'Normal');
    assert.equal(e.reason, 'Scheduled');
    assert.equal(e.message, 'Successfully assigned prod/web-1 to node-a');
    assert.deepEqual(e.source, { component: 'scheduler', host: 'host-1' });
    assert.equal(e.reportingComponent, 'scheduler');
    assert.equal(e.count, 1);
    assert.match(e.firstTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(e.firstTimestamp, e.lastTimestamp);
  });

  it('puts events about cluster-scoped objects in default', async () => {
    const fake = new FakeApiClient();
    const rec = new EventRecorder(fake.asClient(), { component: 'agent' });
    rec.event(node, 'Warning', 'NodeNotReady', 'node is not ready');
    await rec.flush();
    const [e] = events(fake);
    assert.equal(e.metadata.namespace, 'default');
    assert.equal(e.involvedObject.namespace, undefined);
    assert.deepEqual(e.source, { component: 'agent' });
  });

  it('aggregates repeats into one event (count, lastTimestamp) and keeps different ones apart', async () => {
    const fake = new FakeApiClient();
    const rec = new EventRecorder(fake.asClient(), { component: 'agent' });
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    rec.event(pod, 'Warning', 'BackOff', 'a different message');
    rec.event(pod, 'Normal', 'BackOff', 'Back-off restarting failed container');
    await rec.flush();
    const all = events(fake);
    assert.equal(all.length, 3);
    const repeated = all.find((e) => e.type === 'Warning' && e.message === 'Back-off restarting failed container');
    assert.equal(repeated?.count, 3);
    assert.equal(fake.calls.filter((c) => c.method === 'create').length, 3);
    const patches = fake.calls.filter((c) => c.method === 'patch');
    assert.equal(patches.length, 2);
    assert.equal(patches[0].args[2], 'merge');
    assert.deepEqual(Object.keys(patches[1].args[3] as object).sort(), ['count', 'lastTimestamp', 'message']);
  });

  it('never throws: a failed write is logged and later events still go out', async () => {
    const fake = new FakeApiClient();
    fake.writeErrors = [new ApiError('ServiceUnavailable', 'down')];
    const rec = new EventRecorder(fake.asClient(), { component: 'agent' });
    assert.doesNotThrow(() => rec.event(pod, 'Normal', 'Pulled', 'image pulled'));
    assert.doesNotThrow(() => rec.event({ metadata: {} } as unknown as Pod, 'Normal', 'Odd', 'an object with no name'));
    rec.event(pod, 'Normal', 'Started', 'started');
    await rec.flush();
    assert.ok(events(fake).some((e) => e.reason === 'Started'));
  });

  it('recreates the event with its count when the bump finds it gone', async () => {
    const fake = new FakeApiClient();
    const rec = new EventRecorder(fake.asClient(), { component: 'agent' });
    rec.event(pod, 'Normal', 'Pulled', 'image pulled');
    await rec.flush();
    const [first] = events(fake);
    fake.remove('events', `${first.metadata.namespace}/${first.metadata.name}`);
    rec.event(pod, 'Normal', 'Pulled', 'image pulled');
    await rec.flush();
    const [again] = events(fake);
    assert.equal(again.metadata.name, first.metadata.name);
    assert.equal(again.count, 2);
  });
});
