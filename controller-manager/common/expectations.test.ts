import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations } from './expectations.js';

test('creations are met once every create was observed', () => {
  const e = new Expectations();
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
  const e = new Expectations();
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/other');
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/b');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('expectations expire after the TTL', () => {
  let now = 1_000;
  const e = new Expectations(500, () => now);
  e.expectCreations('k', 3);
  now += 400;
  assert.equal(e.satisfied('k'), false);
  now += 200;
  assert.equal(e.satisfied('k'), true);
  e.forget('k');
  assert.deepEqual(e.pending('k'), { adds: 0, deletes: 0 });
});

test('creates and deletes expected together are both waited for', () => {
  const e = new Expectations();
  e.expect('ns/ds', 1, ['ns/old']);
  e.deletionObserved('ns/ds', 'ns/old');
  assert.equal(e.satisfied('ns/ds'), false, 'the create is still outstanding');
  e.creationObserved('ns/ds');
  assert.equal(e.satisfied('ns/ds'), true);
});
