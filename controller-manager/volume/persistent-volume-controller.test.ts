import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume } from '../../api/types/storage.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { makeClaim, makeVolume } from '../../testkit/objects/storage-objects.js';
import { stored, syncOnce } from '../common/controller-fixtures.js';
import { PersistentVolumeController } from './persistent-volume-controller.js';

const BOUND_AT = '2023-06-01T00:00:00.000Z';
const CLAIM_GONE_AFTER_MS = 3_600_000;

test('a volume whose claim is gone turns Released, its phase transition dated by the controller clock', async () => {
  const clock = new ManualClock();
  clock.advance(CLAIM_GONE_AFTER_MS);
  const fake = new FakeApiClient();
  const volume = makeVolume('pv-1', { claim: makeClaim('data') });
  volume.status = { phase: 'Bound', lastPhaseTransitionTime: BOUND_AT };
  fake.seed('persistentvolumes', volume);
  await syncOnce(fake, clock, (ctx) => new PersistentVolumeController(ctx), 'volume/pv-1');
  const status = stored<PersistentVolume>(fake, 'persistentvolumes', 'pv-1').status;
  assert.equal(status?.phase, 'Released');
  assert.equal(status?.lastPhaseTransitionTime, new Date(clock.now()).toISOString());
});

test('a volume that stays in its phase keeps the time it entered it', async () => {
  const clock = new ManualClock();
  const fake = new FakeApiClient();
  const volume = makeVolume('pv-1');
  volume.status = { phase: 'Available', reason: 'Old', lastPhaseTransitionTime: BOUND_AT };
  fake.seed('persistentvolumes', volume);
  await syncOnce(fake, clock, (ctx) => new PersistentVolumeController(ctx), 'volume/pv-1');
  const status = stored<PersistentVolume>(fake, 'persistentvolumes', 'pv-1').status;
  assert.deepEqual([status?.phase, status?.reason, status?.lastPhaseTransitionTime], ['Available', undefined, BOUND_AT]);
});
