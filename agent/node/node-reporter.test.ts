import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import type { Lease } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { LEASE_RENEW_PERIOD_MS } from '../timing.js';
import type { NodeInput } from './node-object.js';
import { NODE_LEASE_NAMESPACE, NodeReporter } from './node-reporter.js';

const INPUT = { name: 'n1' } as NodeInput;

function lease(client: FakeApiClient): Lease {
  const stored = client.objects.get('leases')?.get(`${NODE_LEASE_NAMESPACE}/n1`);
  assert.ok(stored, 'the node Lease exists');
  return stored as Lease;
}

test('the Lease is renewed at the time the clock says, and lastRenewMs follows it', async () => {
  const client = new FakeApiClient();
  const clock = new ManualClock();
  const reporter = new NodeReporter(client.asClient(), INPUT, pino({ level: 'silent' }), clock);
  await reporter.renewLease();
  assert.equal(lease(client).spec?.renewTime, new Date(clock.now()).toISOString().replace('Z', '000Z'));
  assert.equal(reporter.lastRenewMs, clock.now());

  clock.advance(LEASE_RENEW_PERIOD_MS);
  await reporter.renewLease();
  assert.equal(Date.parse(lease(client).spec?.renewTime ?? ''), clock.now());
  assert.equal(reporter.lastRenewMs, clock.now());
});
