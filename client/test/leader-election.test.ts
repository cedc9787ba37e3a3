// Leader election against a real apiserver: one of two candidates leads; stop()
// hands over at once; a SIGKILLed leader's lease expires and the other takes over.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Lease } from '../../api/types/index.js';
import { startProcess } from '../../testkit/processes/child-process.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { ApiClient } from '../api-client.js';
import { LeaderElector, type LeaderElectionOptions } from '../leader-election.js';
import { waitUntil } from '../../testkit/wait-until.js';
import { resources } from '../../api/resources.js';

const ELECTOR_PROCESS = fileURLToPath(new URL('../../testkit/processes/elector-process.js', import.meta.url));
const LEASE_SECONDS = 3;
const RENEW_DEADLINE_MS = 2_000;
const RETRY_PERIOD_MS = 300;
const TIMINGS = { leaseDurationSeconds: LEASE_SECONDS, renewDeadlineMs: RENEW_DEADLINE_MS, retryPeriodMs: RETRY_PERIOD_MS };

describe('LeaderElector against a real apiserver', { timeout: 120_000 }, () => {
  let cp: TestControlPlane;
  const clients: ApiClient[] = [];

  function newClient(): ApiClient {
    const c = new ApiClient(cp.apiserver.address);
    clients.push(c);
    return c;
  }

  function candidate(name: string, identity: string, log: string[]): LeaderElector {
    const opts: LeaderElectionOptions = {
      name,
      identity,
      ...TIMINGS,
      callbacks: {
        onStartedLeading: () => log.push(`${identity} started`),
        onStoppedLeading: () => log.push(`${identity} stopped`),
        onNewLeader: (id) => log.push(`${identity} sees ${id}`),
      },
    };
    return new LeaderElector(newClient(), opts);
  }

  before(async () => {
    cp = await startControlPlane();
  });

  after(async () => {
    for (const c of clients) c.close();
    await cp?.stop();
  });

  it('elects exactly one of two candidates, and stop() hands over at once', async () => {
    const log: string[] = [];
    const a = candidate('handover', 'a', log);
    const b = candidate('handover', 'b', log);
    void a.run();
    await waitUntil('a leads', () => a.isLeader(), 10_000);
    void b.run();
    await waitUntil('b sees a', () => b.getLeader() === 'a', 5_000);
    // b keeps trying for longer than a lease, yet a's renewals hold it off.
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 500));
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);

    const lease = await newClient().get<Lease>(resources.leases, 'kube-system', 'handover');
    assert.equal(lease.spec?.holderIdentity, 'a');
    assert.equal(lease.spec?.leaseTransitions, 0);

    const stoppedAt = Date.now();
    await a.stop();
    assert.equal(a.isLeader(), false);
    await waitUntil('b leads', () => b.isLeader(), 10_000);
    const handover = Date.now() - stoppedAt;
    assert.ok(handover < LEASE_SECONDS * 1000, `handover took ${handover} ms; release should beat expiry`);
    const after = await newClient().get<Lease>(resources.leases, 'kube-system', 'handover');
    assert.equal(after.spec?.holderIdentity, 'b');
    assert.equal(after.spec?.leaseTransitions, 1);
    assert.deepEqual(log.filter((l) => l.startsWith('a ')), ['a sees a', 'a started', 'a stopped']);
    assert.ok(log.includes('b sees b') && log.includes('b started'));
    await b.stop();
  });

  it('takes over from a killed leader once its lease expires', async () => {
    const admin = newClient();
    const doomed = startProcess(
      'elector-doomed',
      process.execPath,
      [ELECTOR_PROCESS, cp.apiserver.address, 'crash', 'doomed', String(LEASE_SECONDS), String(RENEW_DEADLINE_MS), String(RETRY_PERIOD_MS)],
      cp.logDir,
    );
    try {
      await waitUntil(
        'the child process leads',
        async () => {
          try {
            return (await admin.get<Lease>(resources.leases, 'kube-system', 'crash')).spec?.holderIdentity === 'doomed';
          } catch {
            return false;
          }
        },
        15_000,
      );
      const log: string[] = [];
      const survivor = candidate('crash', 'survivor', log);
      void survivor.run();
      await waitUntil('survivor sees doomed', () => survivor.getLeader() === 'doomed', 5_000);

      await doomed.stop('SIGKILL');
      const lastRenew = Date.parse((await admin.get<Lease>(resources.leases, 'kube-system', 'crash')).spec?.renewTime ?? '');
      await waitUntil('survivor leads', () => survivor.isLeader(), 15_000);
      const tookOverAfterRenew = Date.now() - lastRenew;
      assert.ok(
        tookOverAfterRenew >= LEASE_SECONDS * 1000,
        `took over ${tookOverAfterRenew} ms after the last renewal, before the ${LEASE_SECONDS} s lease expired`,
      );
      assert.ok(tookOverAfterRenew < LEASE_SECONDS * 1000 + 3_000, `took over only ${tookOverAfterRenew} ms after the last renewal`);
      const lease = await admin.get<Lease>(resources.leases, 'kube-system', 'crash');
      assert.equal(lease.spec?.holderIdentity, 'survivor');
      assert.equal(lease.spec?.leaseTransitions, 1);
      assert.deepEqual(log, ['survivor sees doomed', 'survivor sees survivor', 'survivor started']);
      await survivor.stop();
    } finally {
      await doomed.stop('SIGKILL');
    }
  });
});
