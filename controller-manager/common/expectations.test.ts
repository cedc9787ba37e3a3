import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations } from './expectations.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

test('creations are met once every create was observed', () => {
  const e = new Expectations(new ManualClock());
  assert.equal(e.satisfied('ns/rs'), true);
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
  e.creationObserved('ns/rs');
  assert.deepEqual(e.pending('ns/rs'), { adds: 0, deletes: 0 });
});

test('deletions are tracked by pod key, so one pod seen twice counts once', () => {
  const e = new Expectations(new ManualClock());
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/other');
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/b');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('expectations expire after the TTL', () => {
  const clock = new ManualClock();
  const e = new Expectations(clock, 500);
  e.expectCreations('k', 3);
  clock.advance(400);
  assert.equal(e.satisfied('k'), false);
  clock.advance(200);
  assert.equal(e.satisfied('k'), true);
  e.forget('k');
  assert.deepEqual(e.pending('k'), { adds: 0, deletes: 0 });
});

test('creates and deletes expected together are both waited for', () => {
  const e = new Expectations(new ManualClock());
  e.expect('ns/ds', 1, ['ns/old']);
  e.deletionObserved('ns/ds', 'ns/old');
  assert.equal(e.satisfied('ns/ds'), false, 'the create is still outstanding');
  e.creationObserved('ns/ds');
  assert.equal(e.satisfied('ns/ds'), true);
});
