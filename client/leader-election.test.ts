import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../api/errors.js';
import type { Lease } from '../api/types/index.js';
import { microTime } from '../api/meta-time.js';
import { DEFAULT_RENEW_DEADLINE_MS, DEFAULT_RETRY_PERIOD_MS, LeaderElector, isExpired } from './leader-election.js';
import { MANUAL_CLOCK_START_MS, ManualClock } from '../testkit/fakes/manual-clock.js';
import { FakeApiClient } from '../testkit/fakes/fake-api-client.js';
import { waitUntil } from '../testkit/wait-until.js';

const FAST = { leaseDurationSeconds: 1, renewDeadlineMs: 600, retryPeriodMs: 100 };

function lease(fake: FakeApiClient): Lease | undefined {
  return fake.objects.get('leases')?.get('kube-system/ctrl') as Lease | undefined;
}

describe('leader election helpers', () => {
  it('formats MicroTime and decides expiry from renewTime + duration', () => {
    assert.equal(microTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T03:04:05.678000Z');
    const now = Date.UTC(2024, 0, 1, 0, 0, 20);
    assert.equal(isExpired({ renewTime: microTime(now - 10_000), leaseDurationSeconds: 15 }, now, 15), false);
    assert.equal(isExpired({ renewTime: microTime(now - 16_000), leaseDurationSeconds: 15 }, now, 15), true);
    assert.equal(isExpired({ renewTime: microTime(now - 16_000) }, now, 30), false, 'falls back to the given duration');
    assert.equal(isExpired({}, now, 15), true);
  });

  it('rejects timings that cannot work', () => {
    const fake = new FakeApiClient();
    const callbacks = { onStartedLeading: () => undefined, onStoppedLeading: () => undefined };
    assert.throws(() => new LeaderElector(fake.asClient(), { name: 'x', identity: 'a', leaseDurationSeconds: 5, renewDeadlineMs: 6_000, callbacks }), ApiError);
    assert.throws(() => new LeaderElector(fake.asClient(), { name: 'x', identity: 'a', renewDeadlineMs: 2_000, retryPeriodMs: 2_000, callbacks }), ApiError);
    assert.throws(() => new LeaderElector(fake.asClient(), { name: 'x', identity: '', callbacks }), ApiError);
  });
});

describe('LeaderElector (fake apiserver)', () => {
  it('creates the lease, renews it, and releases it on stop', async () => {
    const fake = new FakeApiClient();
    const log: string[] = [];
    let signal: AbortSignal | undefined;
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      ...FAST,
      callbacks: {
        onStartedLeading: (s) => {
          signal = s;
          log.push('started');
        },
        onStoppedLeading: () => log.push('stopped'),
        onNewLeader: (id) => log.push(`leader ${id}`),
      },
    });
    const running = elector.run();
    await waitUntil('leading', () => elector.isLeader());
    const created = lease(fake);
    assert.equal(created?.spec?.holderIdentity, 'me');
    assert.equal(created?.spec?.leaseTransitions, 0);
    assert.equal(created?.spec?.leaseDurationSeconds, 1);
    const firstRenew = created?.spec?.renewTime;
    await waitUntil('renewed', () => lease(fake)?.spec?.renewTime !== firstRenew, 2_000);
    assert.equal(lease(fake)?.spec?.acquireTime, created?.spec?.acquireTime, 'acquireTime stays while renewing');
    await elector.stop();
    await running;
    assert.equal(elector.isLeader(), false);
    assert.equal(signal?.aborted, true);
    assert.equal(lease(fake)?.spec?.holderIdentity, '');
    assert.deepEqual(log, ['leader me', 'started', 'stopped']);
  });

  it('waits while another holds a live lease, takes it when it expires, and counts the transition', async () => {
    const fake = new FakeApiClient();
    fake.seed('leases', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'ctrl', namespace: 'kube-system' },
      spec: { holderIdentity: 'other', leaseDurationSeconds: 1, renewTime: microTime(Date.now()), leaseTransitions: 4 },
    } as Lease);
    const leaders: string[] = [];
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      ...FAST,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => undefined, onNewLeader: (id) => leaders.push(id) },
    });
    const startedAt = Date.now();
    void elector.run();
    await waitUntil('saw other', () => leaders.includes('other'));
    assert.equal(elector.isLeader(), false);
    await waitUntil('took over', () => elector.isLeader(), 4_000);
    assert.ok(Date.now() - startedAt >= 900, 'not before the lease expired');
    assert.equal(lease(fake)?.spec?.leaseTransitions, 5);
    assert.deepEqual(leaders, ['other', 'me']);
    await elector.stop();
  });

  it('stops leading when renewals fail past the renew deadline', async () => {
    const fake = new FakeApiClient();
    let stopped = 0;
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      ...FAST,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => stopped++ },
    });
    const running = elector.run();
    await waitUntil('leading', () => elector.isLeader());
    const failingAt = Date.now();
    fake.writeErrors = Array.from({ length: 100 }, () => new ApiError('ServiceUnavailable', 'down'));
    await running;
    const lostAfter = Date.now() - failingAt;
    assert.equal(elector.isLeader(), false);
    assert.equal(stopped, 1);
    assert.ok(lostAfter >= FAST.renewDeadlineMs - 200 && lostAfter < 3_000, `lost after ${lostAfter} ms`);
  });

  it('stop() during a renewal in flight still releases the lease', async () => {
    const fake = new FakeApiClient();
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      ...FAST,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => undefined },
    });
    void elector.run();
    await waitUntil('leading', () => elector.isLeader());
    fake.updateDelayMs = 150;
    const updates = fake.calls.filter((c) => c.method === 'update').length;
    await waitUntil('a renewal is in flight', () => fake.calls.filter((c) => c.method === 'update').length > updates, 2_000);
    await elector.stop();
    assert.equal(lease(fake)?.spec?.holderIdentity, '');
  });

  it('stops leading at once when it sees another holder', async () => {
    const fake = new FakeApiClient();
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      ...FAST,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => undefined },
    });
    const running = elector.run();
    await waitUntil('leading', () => elector.isLeader());
    const current = lease(fake) as Lease;
    fake.seed('leases', { ...current, spec: { ...current.spec, holderIdentity: 'usurper', renewTime: microTime(Date.now()) } });
    await running;
    assert.equal(elector.isLeader(), false);
    assert.equal(lease(fake)?.spec?.holderIdentity, 'usurper', 'release leaves a lease that is not ours alone');
  });

  it('renews, stamps the lease and gives up by the clock it is given', async () => {
    const fake = new FakeApiClient();
    const clock = new ManualClock();
    let stopped = 0;
    const elector = new LeaderElector(fake.asClient(), {
      name: 'ctrl',
      identity: 'me',
      clock,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => stopped++ },
    });
    const running = elector.run();
    await waitUntil('leading', () => elector.isLeader());
    assert.equal(lease(fake)?.spec?.renewTime, microTime(MANUAL_CLOCK_START_MS));
    const updates = (): number => fake.calls.filter((c) => c.method === 'update').length;

    clock.advance(DEFAULT_RETRY_PERIOD_MS);
    await waitUntil('renewed', () => updates() === 1);
    const renewedAt = clock.now();
    assert.equal(lease(fake)?.spec?.renewTime, microTime(renewedAt));

    fake.writeErrors = Array.from({ length: 100 }, () => new ApiError('ServiceUnavailable', 'down'));
    while (clock.now() + DEFAULT_RETRY_PERIOD_MS - renewedAt < DEFAULT_RENEW_DEADLINE_MS) {
      const before = updates();
      clock.advance(DEFAULT_RETRY_PERIOD_MS);
      await waitUntil('a renewal was tried', () => updates() > before);
      assert.equal(elector.isLeader(), true, `still leading ${clock.now() - renewedAt} ms after the last renewal`);
    }
    clock.advance(DEFAULT_RETRY_PERIOD_MS);
    await running;
    assert.equal(elector.isLeader(), false);
    assert.equal(stopped, 1);
    assert.equal(clock.now() - renewedAt, DEFAULT_RENEW_DEADLINE_MS, 'the failed renewals and the deadline follow the given clock');
  });
});
