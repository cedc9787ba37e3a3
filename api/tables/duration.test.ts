import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, timestampSince } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('seconds up to two minutes', () => {
  assert.equal(humanDuration(0), '0s');
  assert.equal(humanDuration(999), '0s');
  assert.equal(humanDuration(45 * S), '45s');
  assert.equal(humanDuration(119 * S), '119s');
});

test('minutes with seconds below ten minutes', () => {
  assert.equal(humanDuration(2 * M), '2m');
  assert.equal(humanDuration(2 * M + 30 * S), '2m30s');
  assert.equal(humanDuration(9 * M + 59 * S), '9m59s');
  assert.equal(humanDuration(10 * M + 30 * S), '10m');
  assert.equal(humanDuration(179 * M), '179m');
});

test('hours with minutes below eight hours, then hours', () => {
  assert.equal(humanDuration(3 * H), '3h');
  assert.equal(humanDuration(3 * H + 5 * M), '3h5m');
  assert.equal(humanDuration(7 * H + 59 * M), '7h59m');
  assert.equal(humanDuration(8 * H + 30 * M), '8h');
  assert.equal(humanDuration(47 * H), '47h');
});

test('days with hours below eight days, then days, then years', () => {
  assert.equal(humanDuration(2 * D), '2d');
  assert.equal(humanDuration(2 * D + 3 * H), '2d3h');
  assert.equal(humanDuration(8 * D + 3 * H), '8d');
  assert.equal(humanDuration(30 * D), '30d');
  assert.equal(humanDuration(729 * D), '729d');
  assert.equal(humanDuration(730 * D), '2y');
  assert.equal(humanDuration(731 * D), '2y1d');
  assert.equal(humanDuration(8 * 365 * D + 40 * D), '8y');
});

test('small clock skew reads as now, larger as invalid', () => {
  assert.equal(humanDuration(-1500), '0s');
  assert.equal(humanDuration(-2500), '<invalid>');
});

test('timestampSince', () => {
  const now = new Date('2026-01-02T03:04:05Z');
  assert.equal(timestampSince('2026-01-02T03:03:20Z', now), '45s');
  assert.equal(timestampSince(undefined, now), '<unknown>');
  assert.equal(timestampSince('', now), '<unknown>');
  assert.equal(timestampSince('not a time', now), '<unknown>');
});
