import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCronExpression } from './cron-expression.js';
import { nextActivation } from './cron-next.js';

const at = (iso: string): number => Date.parse(iso);
const next = (spec: string, after: string, zone = 'UTC'): string | undefined => {
  const t = nextActivation(parseCronExpression(spec), at(after), zone);
  return t === undefined ? undefined : new Date(t).toISOString();
};

test('steps, ranges and macros', () => {
  assert.equal(next('*/15 * * * *', '2024-03-01T10:07:30Z'), '2024-03-01T10:15:00.000Z');
  assert.equal(next('*/1 * * * *', '2024-03-01T10:15:00Z'), '2024-03-01T10:16:00.000Z');
  assert.equal(next('@hourly', '2024-03-01T10:15:00Z'), '2024-03-01T11:00:00.000Z');
  assert.equal(next('0 9 * * mon-fri', '2024-03-01T10:00:00Z'), '2024-03-04T09:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2024-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
});

test('day-of-month and day-of-week are ORed unless one is a star', () => {
  assert.equal(next('0 0 13 * fri', '2024-03-01T01:00:00Z'), '2024-03-08T00:00:00.000Z');
  assert.equal(next('0 0 * * fri', '2024-03-01T01:00:00Z'), '2024-03-08T00:00:00.000Z');
});

test('reads the wall clock of the time zone, across a daylight-saving change', () => {
  assert.equal(next('30 2 * * *', '2024-03-30T12:00:00Z', 'Europe/Berlin'), '2024-04-01T00:30:00.000Z');
  assert.equal(next('0 0 * * *', '2024-03-30T12:00:00Z', 'America/New_York'), '2024-03-31T04:00:00.000Z');
});

test('a schedule that never fires gives up', () => {
  assert.equal(next('0 0 30 2 *', '2024-01-01T00:00:00Z'), undefined);
});
