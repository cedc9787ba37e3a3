// The warm pool against the in-memory runtime and a clock moved by hand:
// filling only while no pod starts, atomic claims, drain on cordon and stop,
// and what an agent restart finds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { Pod } from '../../api/types/index.js';
import { claimedSandboxName, LABEL_SANDBOX_POOL } from '../labels.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { poolSandboxCreateOptions } from '../runtime/container-spec.js';
import { FakeRuntime } from '../runtime/fake-runtime.js';
import { POOL_REFILL_IDLE_MS, POOL_REFILL_RETRY_MS, SandboxPool } from './sandbox-pool.js';

const NETWORK = 'flotilla-test';
const NODE = 'node-a';
const SIZE = 3;
const FLUSH_ROUNDS = 20;

function pod(name: string, uid: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid }, spec: { containers: [{ name: 'app', image: 'busybox' }] } };
}

async function flush(): Promise<void> {
  for (let i = 0; i < FLUSH_ROUNDS; i++) await new Promise((resolve) => setImmediate(resolve));
}

function setup(size = SIZE): { clock: ManualClock; runtime: FakeRuntime; pool: SandboxPool } {
  const clock = new ManualClock();
  const runtime = new FakeRuntime(clock, NETWORK);
  const pool = new SandboxPool({ runtime, clock, logger: pino({ level: 'silent' }), node: NODE, pauseImage: 'flotilla/pause:3.9', network: NETWORK, size });
  return { clock, runtime, pool };
}

/** Lets the pool's idle wait pass and its refill run to the end. */
async function idle(clock: ManualClock): Promise<void> {
  for (let i = 0; i <= SIZE; i++) {
    clock.advance(POOL_REFILL_IDLE_MS);
    await flush();
  }
}

describe('SandboxPool', () => {
  it('fills to its size with running, labelled pause containers on the pod network that belong to no pod', async () => {
    const { clock, runtime, pool } = setup();
    await pool.start();
    assert.equal(runtime.all().length, 0, 'nothing before the engine has been idle a moment');
    await idle(clock);
    const members = runtime.all();
    assert.equal(members.length, SIZE);
    assert.equal(pool.readyCount, SIZE);
    for (const m of members) {
      assert.equal(m.state, 'running');
      assert.equal(m.options.Labels?.[LABEL_SANDBOX_POOL], NODE);
      assert.equal(m.options.HostConfig?.NetworkMode, NETWORK);
      assert.ok(m.addresses[NETWORK]);
      assert.equal(m.podUid, '');
    }
    assert.deepEqual(await runtime.listSummaries(), [], 'the orphan sweep never sees a waiting sandbox');
    await pool.stop();
  });

  it('adds nothing while a pod start is in flight, and fills once the engine is idle again', async () => {
    const { clock, runtime, pool } = setup();
    await pool.start();
    let finish: () => void = () => undefined;
    const start = pool.whilePodStarts(() => new Promise<void>((resolve) => (finish = resolve)));
    await idle(clock);
    assert.equal(runtime.all().length, 0);
    finish();
    await start;
    await idle(clock);
    assert.equal(runtime.all().length, SIZE);
    await pool.stop();
  });

  it('gives each waiting sandbox to one pod only, renamed so that Docker knows its owner', async () => {
    const { clock, runtime, pool } = setup(2);
    await pool.start();
    await idle(clock);
    const pods = [pod('a', 'uid-a'), pod('b', 'uid-b'), pod('c', 'uid-c')];
    const claimed = await Promise.all(pods.map((p) => pool.whilePodStarts(() => pool.claim(p))));
    assert.equal(claimed[2], undefined, 'the third pod finds the pool empty and takes a fresh sandbox');
    assert.notEqual(claimed[0]?.id, claimed[1]?.id);
    for (const [i, sandbox] of claimed.slice(0, 2).entries()) {
      assert.equal(sandbox?.podUid, pods[i].metadata.uid);
      assert.equal(sandbox?.kind, 'sandbox');
      assert.equal(sandbox?.pooled, true);
      assert.equal(sandbox?.dockerName, claimedSandboxName(pods[i]));
      assert.deepEqual((await runtime.listSummaries(pods[i].metadata.uid)).map((s) => s.id), [sandbox?.id]);
    }
    await idle(clock);
    assert.equal(pool.readyCount, 2, 'claims are refilled');
    await pool.stop();
  });

  it('removes a waiting sandbox that died instead of handing it out', async () => {
    const { clock, runtime, pool } = setup(1);
    await pool.start();
    await idle(clock);
    const [member] = runtime.all();
    runtime.exit(member.id, 2);
    assert.equal(await pool.claim(pod('a', 'uid-a')), undefined);
    assert.equal(runtime.all().some((c) => c.id === member.id), false);
    await pool.stop();
  });

  it('drains when the node is cordoned, refills when it is uncordoned, and drains for good on stop', async () => {
    const { clock, runtime, pool } = setup();
    await pool.start();
    await idle(clock);
    const claimed = await pool.claim(pod('a', 'uid-a'));
    await idle(clock);
    await pool.setCordoned(true);
    assert.deepEqual(runtime.all().map((c) => c.id), [claimed?.id], 'only the claimed sandbox stays');
    await idle(clock);
    assert.equal(runtime.all().length, 1, 'a cordoned node keeps no pool');
    await pool.setCordoned(false);
    await idle(clock);
    assert.equal(pool.readyCount, SIZE);
    await pool.stop();
    await idle(clock);
    assert.deepEqual(runtime.all().map((c) => c.id), [claimed?.id]);
  });

  it('after a restart takes back waiting sandboxes, removes stopped and surplus ones, and leaves claimed ones to their pods', async () => {
    const { clock, runtime, pool } = setup();
    await pool.start();
    await idle(clock);
    const claimed = await pool.claim(pod('a', 'uid-a'));
    await idle(clock);
    const waiting = runtime.all().filter((c) => c.podUid === '');
    runtime.exit(waiting[0].id, 0);

    const next = new SandboxPool({ runtime, clock, logger: pino({ level: 'silent' }), node: NODE, pauseImage: 'flotilla/pause:3.9', network: NETWORK, size: 1 });
    await next.start();
    assert.equal(next.readyCount, 1);
    const left = runtime.all();
    assert.equal(left.length, 2, 'the claimed sandbox and one waiting one');
    assert.ok(left.some((c) => c.id === claimed?.id && c.podUid === 'uid-a' && c.state === 'running'));
    assert.equal(left.some((c) => c.id === waiting[0].id), false, 'the stopped one is removed');
    await next.stop();
  });

  it('with size 0 removes what a previous agent left waiting and never fills', async () => {
    const { clock, runtime } = setup();
    // What an agent killed without its shutdown leaves: two waiting sandboxes and a claimed one.
    for (const name of ['flpool_node-a_1', 'flpool_node-a_2', claimedSandboxName(pod('a', 'uid-a'))]) {
      await runtime.start(await runtime.create(poolSandboxCreateOptions({ node: NODE, name, pauseImage: 'flotilla/pause:3.9', network: NETWORK })));
    }
    const off = new SandboxPool({ runtime, clock, logger: pino({ level: 'silent' }), node: NODE, pauseImage: 'flotilla/pause:3.9', network: NETWORK, size: 0 });
    await off.start();
    await idle(clock);
    assert.deepEqual(runtime.all().map((c) => c.podUid), ['uid-a'], 'only the claimed sandbox stays');
    assert.equal(await off.claim(pod('b', 'uid-b')), undefined);
    await off.stop();
  });

  it('tries again later when the engine refuses a pool sandbox', async () => {
    const { clock, runtime, pool } = setup(1);
    runtime.failCreates = 'no space left on device';
    await pool.start();
    await idle(clock);
    assert.equal(pool.readyCount, 0);
    runtime.failCreates = undefined;
    await idle(clock);
    assert.equal(pool.readyCount, 0, 'not before the retry delay');
    clock.advance(POOL_REFILL_RETRY_MS);
    await flush();
    assert.equal(pool.readyCount, 1);
    await pool.stop();
  });
});
