import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { boolParam, deleteOptionsOf, isDryRun } from './query-options.js';

const q = (text: string): URLSearchParams => new URLSearchParams(text);

test("booleans as Go spells them", () => {
  assert.equal(boolParam(q('watch=1'), 'watch'), true);
  assert.equal(boolParam(q('watch=True'), 'watch'), true);
  assert.equal(boolParam(q('watch=0'), 'watch'), false);
  assert.equal(boolParam(q(''), 'watch'), false);
  assert.throws(() => boolParam(q('watch=yes'), 'watch'), (err) => isApiError(err, 'BadRequest'));
});

test('dryRun knows only All', () => {
  assert.equal(isDryRun(q('dryRun=All')), true);
  assert.equal(isDryRun(q('')), false);
  assert.throws(() => isDryRun(q('dryRun=Some')), /Unsupported value/);
});

test('delete options from the body, else from the query', () => {
  assert.deepEqual(deleteOptionsOf(q('propagationPolicy=Foreground&gracePeriodSeconds=0'), ''), {
    options: { propagationPolicy: 'Foreground', gracePeriodSeconds: 0 },
    dryRun: false,
  });
  const body = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan', preconditions: { uid: 'u' }, dryRun: ['All'] });
  const fromBody = deleteOptionsOf(q('propagationPolicy=Foreground'), body);
  assert.equal(fromBody.options.propagationPolicy, 'Orphan');
  assert.deepEqual(fromBody.options.preconditions, { uid: 'u' });
  assert.equal(fromBody.dryRun, true);
  assert.equal(deleteOptionsOf(q('orphanDependents=true'), '').options.propagationPolicy, 'Orphan');
  assert.throws(() => deleteOptionsOf(q('propagationPolicy=Sometimes'), ''), (err) => isApiError(err, 'BadRequest'));
  assert.throws(() => deleteOptionsOf(q(''), '{"kind":"Pod"}'), (err) => isApiError(err, 'BadRequest'));
  assert.throws(() => deleteOptionsOf(q(''), '{not json'), /not valid JSON/);
});
