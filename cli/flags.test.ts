import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, dryRunSuffix, parseDryRun, parseDuration, parseNonNegativeInt } from './flags.js';

test('dry-run values', () => {
  assert.equal(parseDryRun(undefined), 'none');
  assert.equal(parseDryRun(true), 'client');
  assert.equal(parseDryRun('client'), 'client');
  assert.equal(parseDryRun('server'), 'server');
  assert.equal(parseDryRun('none'), 'none');
  assert.throws(() => parseDryRun('maybe'), /Invalid dry-run value \(maybe\)/);
  assert.equal(dryRunSuffix('client'), ' (dry run)');
  assert.equal(dryRunSuffix('server'), ' (server dry run)');
  assert.equal(dryRunSuffix('none'), '');
});

test('durations as Go writes them', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('45'), 45_000);
  assert.throws(() => parseDuration('soon'), /invalid duration "soon"/);
  assert.throws(() => parseDuration('5x'), /invalid duration/);
});

test('repeatable flags and integers', () => {
  assert.deepEqual(collect('b', collect('a')), ['a', 'b']);
  assert.equal(parseNonNegativeInt('3', '--replicas'), 3);
  assert.throws(() => parseNonNegativeInt('-1', '--replicas'), /invalid value "-1" for --replicas/);
  assert.throws(() => parseNonNegativeInt('two', '--replicas'), /non-negative integer/);
});
