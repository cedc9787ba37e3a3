import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api/errors.js';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { silentLogger } from '../client/silent-logger.js';
import { ClientSchedulerApi } from './api-client-adapter.js';
import { unschedulableCondition } from './pod-condition.js';
import { makePod } from '../testkit/objects/scheduling-objects.js';

function stubClient(fresh: Pod, failures: ApiError[]) {
  const written: Pod[] = [];
  let gets = 0;
  const client = {
    updateStatus: async (_r: string, pod: Pod) => {
      const f = failures.shift();
      if (f) throw f;
      written.push(pod);
      return pod;
    },
    get: async () => {
      gets++;
      return fresh;
    },
  } as unknown as ApiClient;
  return { client, written, gets: () => gets };
}

const recorder = { event: () => undefined } as unknown as EventRecorder;

test('a Conflict re-reads the pod and writes the condition onto the fresh copy', async () => {
  const stale = makePod('p');
  const fresh = { ...makePod('p'), metadata: { ...makePod('p').metadata, resourceVersion: '42' } };
  const { client, written, gets } = stubClient(fresh, [new ApiError('Conflict', 'changed')]);
  await new ClientSchedulerApi(client, recorder, silentLogger()).setPodCondition(stale, unschedulableCondition('m', 0));
  assert.equal(gets(), 1);
  assert.equal(written.length, 1);
  assert.equal(written[0]!.metadata.resourceVersion, '42');
  assert.equal(written[0]!.status!.conditions![0]!.message, 'm');
});

test('no write when the pod got bound meanwhile, or was deleted', async () => {
  const bound = makePod('p', { nodeName: 'n1' });
  const a = stubClient(bound, [new ApiError('Conflict', 'changed')]);
  await new ClientSchedulerApi(a.client, recorder, silentLogger()).setPodCondition(makePod('p'), unschedulableCondition('m', 0));
  assert.equal(a.written.length, 0);
  const b = stubClient(makePod('p'), [new ApiError('NotFound', 'gone')]);
  await new ClientSchedulerApi(b.client, recorder, silentLogger()).setPodCondition(makePod('p'), unschedulableCondition('m', 0));
  assert.equal(b.written.length, 0);
});

test('other errors, and repeated conflicts, reach the caller', async () => {
  const a = stubClient(makePod('p'), [new ApiError('InternalError', 'boom')]);
  await assert.rejects(new ClientSchedulerApi(a.client, recorder, silentLogger()).setPodCondition(makePod('p'), unschedulableCondition('m', 0)), /boom/);
  const conflicts = [1, 2, 3].map(() => new ApiError('Conflict', 'again'));
  const b = stubClient(makePod('p'), conflicts);
  await assert.rejects(new ClientSchedulerApi(b.client, recorder, silentLogger()).setPodCondition(makePod('p'), unschedulableCondition('m', 0)), /again/);
});
