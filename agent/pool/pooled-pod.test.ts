// A pod worker with the warm pool: the pod starts in a claimed sandbox, its
// containers start through the hostname shim and get the pod's hostname, and
// what a pooled sandbox cannot give takes a fresh one.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { PodWorker } from '../pod/pod-worker.js';
import { harness, IMAGE, NETWORK, NODE, podManifest, POD_UID, restartedWorker, running, settle, type Harness } from '../pod/pod-worker-fixtures.js';
import { DEFAULT_BUSYBOX_PATHS, SHIM_BUSYBOX_PATH } from './hostname-shim.js';
import { POOL_REFILL_IDLE_MS, SandboxPool } from './sandbox-pool.js';

const POOL_SIZE = 2;

describe('pod in a pooled sandbox', () => {
  let stateDir: string;
  let h: Harness;
  let pool: SandboxPool;

  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'pooled-pod-'));
    h = harness(stateDir);
    pool = new SandboxPool({ runtime: h.runtime, clock: h.clock, logger: pino({ level: 'silent' }), node: NODE, pauseImage: 'flotilla/pause:3.9', network: NETWORK, size: POOL_SIZE });
    h.deps.pool = pool;
    h.deps.hostnameShim = DEFAULT_BUSYBOX_PATHS;
    h.runtime.imageCommands.set(IMAGE, { entrypoint: ['/entry'], cmd: ['serve', '--port', '80'] });
    await pool.start();
    for (let i = 0; i <= POOL_SIZE; i++) {
      h.clock.advance(POOL_REFILL_IDLE_MS);
      await settle(new PodWorker(podManifest(), h.deps, () => undefined));
    }
    assert.equal(pool.readyCount, POOL_SIZE);
  });

  afterEach(async () => {
    await pool.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('claims a waiting sandbox instead of creating one, and the app runs through the shim with the pod\'s hostname', async () => {
    const members = new Set(h.runtime.all().map((c) => c.id));
    const worker = new PodWorker(podManifest({ containers: [{ name: 'app', image: IMAGE, args: ['--verbose'] }] }), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const [sandbox] = h.runtime.instances(POD_UID, 'POD');
    const [app] = h.runtime.instances(POD_UID, 'app');
    assert.ok(members.has(sandbox.id), 'the sandbox was made before the pod');
    assert.deepEqual(h.runtime.callsOf('create').slice(POOL_SIZE).map((c) => c.containerName), ['app'], 'the pod created only its app container');
    assert.equal(app.state, 'running');
    assert.equal(app.hostname, 'web');
    const entrypoint = app.options.Entrypoint as string[];
    assert.equal(entrypoint[0], SHIM_BUSYBOX_PATH);
    assert.deepEqual(entrypoint.slice(-3), ['web', '/entry', '--verbose'], 'args replace the image CMD, after the hostname to wait for');
    assert.equal(app.options.Cmd, undefined);
    const mounts = app.options.HostConfig?.Mounts ?? [];
    assert.ok(mounts.some((m) => m.Target === SHIM_BUSYBOX_PATH && m.Source === DEFAULT_BUSYBOX_PATHS.hostPath && m.ReadOnly === true));
    const hostnameMount = mounts.find((m) => m.Target === '/etc/hostname');
    assert.equal(readFileSync(hostnameMount?.Source ?? '', 'utf8'), 'web\n');
    const podIP = sandbox.addresses[NETWORK];
    assert.equal(h.statuses.at(-1)?.podIP, podIP);
    const hostsMount = mounts.find((m) => m.Target === '/etc/hosts');
    assert.match(readFileSync(hostsMount?.Source ?? '', 'utf8'), new RegExp(`^${podIP.replace(/\./g, '\\.')}\\tweb$`, 'm'));
    worker.shutdown();
  });

  it('keeps the pod\'s containers after an agent restart: the claimed sandbox is found by its name', async () => {
    const { after, createsBefore } = await restartedWorker(h, podManifest());
    assert.equal(h.runtime.callsOf('create').length, createsBefore, 'nothing new is created');
    assert.equal(running(h, 'app'), 1);
    assert.equal(h.runtime.instances(POD_UID, 'POD').length, 1);
    after.shutdown();
  });

  it('gives a hostNetwork pod a fresh sandbox and no shim', async () => {
    const worker = new PodWorker(podManifest({ hostNetwork: true }), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    assert.equal(pool.readyCount, POOL_SIZE, 'the pool was not touched');
    const [sandbox] = h.runtime.instances(POD_UID, 'POD');
    assert.equal(sandbox.pooled, undefined);
    const [app] = h.runtime.instances(POD_UID, 'app');
    assert.equal(app.options.Entrypoint, undefined);
    assert.equal(h.runtime.callsOf('hostname').length, 0);
    worker.shutdown();
  });

  it('stops a container whose hostname cannot be set instead of leaving it waiting', async () => {
    h.runtime.setHostname = async () => {
      throw new Error('nsenter: permission denied');
    };
    const worker = new PodWorker(podManifest({ restartPolicy: 'Never' }), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const [app] = h.runtime.instances(POD_UID, 'app');
    assert.equal(app.state, 'exited');
    assert.ok(h.events.some((e) => e.includes('failed to start container "app"') && e.includes('permission denied')));
    assert.equal(h.events.some((e) => e.startsWith('Started:')), false);
    worker.shutdown();
  });
});
