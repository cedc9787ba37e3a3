// Two scheduler processes on one apiserver: one holds the Lease and
// schedules, the other waits; when the leader stops, the other takes over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease, Pod } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { waitFor } from '../../testkit/processes/child-process.js';
import { createNamespace, createNode, createPod } from '../../testkit/objects/cluster-objects.js';
import { startSchedulerProcess, type SchedulerProcess } from '../../testkit/processes/scheduler-process.js';
import { resources } from '../../api/resources.js';

const NS = 'sched-le';
const TIMEOUT_MS = 30_000;
/** Short lease timings so a takeover after a crash is quick. */
const LEASE_ARGS = ['--leader-elect-lease-duration', '4', '--leader-elect-renew-deadline', '3000', '--leader-elect-retry-period', '500'];

const schedulers: Record<string, SchedulerProcess> = {};

const env = useControlPlane({}, {
  setUp: async ({ client, plane }) => {
    await createNamespace(client, NS);
    await createNode(client, 'le-node');
    schedulers.alpha = await startSchedulerProcess(plane.apiserver.address, plane.logDir, { identity: 'alpha', name: 'scheduler-alpha', extraArgs: LEASE_ARGS });
    schedulers.beta = await startSchedulerProcess(plane.apiserver.address, plane.logDir, { identity: 'beta', name: 'scheduler-beta', extraArgs: LEASE_ARGS });
  },
  tearDown: async () => {
    for (const s of Object.values(schedulers)) await s.stop();
  },
});

async function holder(): Promise<string> {
  return waitFor(
    'a lease holder',
    async () => (await env.client.get<Lease>(resources.leases, 'kube-system', 'kube-scheduler')).spec?.holderIdentity || undefined,
    TIMEOUT_MS,
  );
}

async function bound(name: string): Promise<string> {
  return waitFor(`pod ${name} bound`, async () => (await env.client.get<Pod>(resources.pods, NS, name)).spec.nodeName || undefined, TIMEOUT_MS);
}

async function attempts(s: SchedulerProcess): Promise<number> {
  return s.metric('scheduler_schedule_attempts_total', { result: 'scheduled' });
}

test('only the lease holder schedules; the other takes over when it stops', async () => {
  const leader = await holder();
  assert.ok(leader === 'alpha' || leader === 'beta');
  const follower = leader === 'alpha' ? 'beta' : 'alpha';
  for (let i = 0; i < 5; i++) await createPod(env.client, `le-first-${i}`, { namespace: NS });
  for (let i = 0; i < 5; i++) assert.equal(await bound(`le-first-${i}`), 'le-node');
  assert.equal(await attempts(schedulers[leader]!), 5);
  assert.equal(await attempts(schedulers[follower]!), 0, 'the follower must not schedule');
  assert.equal(await schedulers[leader]!.metric('leader_election_master_status', { name: 'kube-scheduler' }), 1);
  assert.equal(await schedulers[follower]!.metric('leader_election_master_status', { name: 'kube-scheduler' }), 0);

  // A hard crash: no release, the follower must wait out the lease.
  await schedulers[leader]!.process.stop('SIGKILL');
  delete schedulers[leader];
  await createPod(env.client, 'le-after', { namespace: NS });
  assert.equal(await bound('le-after'), 'le-node');
  assert.equal(await holder(), follower);
  assert.equal(await attempts(schedulers[follower]!), 1);
});
