// The pod worker against the in-memory runtime and a clock moved by hand:
// start, crash restarts with backoff, liveness kills, graceful termination and
// adoption after an agent restart, without Docker.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodWorker } from './pod-worker.js';
import { FIRST_BACKOFF_MS, harness, IMAGE, NETWORK, NODE, podManifest, POD_UID, restartedWorker, running, settle, type Harness } from './pod-worker-fixtures.js';

describe('PodWorker', () => {
  let stateDir: string;
  let h: Harness;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'pod-worker-'));
    h = harness(stateDir);
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('starts the sandbox, then the container joined to it, and reports the pod Running with the sandbox IP', async () => {
    const worker = new PodWorker(podManifest(), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const [sandbox] = h.runtime.instances(POD_UID, 'POD');
    const [app] = h.runtime.instances(POD_UID, 'app');
    assert.equal(sandbox.state, 'running');
    assert.equal(app.state, 'running');
    assert.deepEqual(h.runtime.callsOf('create').map((c) => c.containerName), ['POD', 'app']);
    const status = h.statuses.at(-1);
    assert.equal(status?.phase, 'Running');
    assert.equal(status?.podIP, sandbox.addresses[NETWORK]);
    assert.ok(h.events.some((e) => e.startsWith('Started: Started container app')));
    assert.equal(h.runtime.callsOf('list').length, 1, 'a new pod lists its containers once, before the sandbox; its status inspects what it made');
    worker.shutdown();
  });

  it('takes in the echo of its own status write without a sync, and syncs for a label change', async () => {
    const worker = new PodWorker(podManifest(), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const lists = (): number => h.runtime.callsOf('list').length;
    const before = lists();
    const echoed = worker.current;
    worker.update({ ...echoed, metadata: { ...echoed.metadata, resourceVersion: `${echoed.metadata.resourceVersion ?? ''}1` } });
    await settle(worker);
    assert.equal(lists(), before, 'a status-only update reads nothing from the engine');
    worker.update({ ...echoed, metadata: { ...echoed.metadata, labels: { ...echoed.metadata.labels, tier: 'front' } } });
    await settle(worker);
    assert.equal(lists(), before + 1);
    worker.shutdown();
  });

  it('restarts a crashed container at once, then waits out CrashLoopBackOff before the next restart', async () => {
    const worker = new PodWorker(podManifest(), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    h.runtime.exit(h.runtime.instances(POD_UID, 'app')[0].id, 1);
    worker.requestSync();
    await settle(worker);
    assert.equal(h.runtime.instances(POD_UID, 'app')[0].restartCount, 1, 'the first failure is retried at once');

    h.runtime.exit(h.runtime.instances(POD_UID, 'app')[0].id, 1);
    worker.requestSync();
    await settle(worker);
    assert.equal(h.runtime.instances(POD_UID, 'app')[0].restartCount, 1, 'the second failure waits');
    assert.ok(h.events.some((e) => e.startsWith('BackOff: Back-off restarting failed container app')));
    const waiting = h.statuses.at(-1)?.containerStatuses?.[0]?.state?.waiting;
    assert.equal(waiting?.reason, 'CrashLoopBackOff');
    assert.match(waiting?.message ?? '', /back-off 10s restarting failed container=app/);

    h.clock.advance(FIRST_BACKOFF_MS - 1);
    await settle(worker);
    assert.equal(h.runtime.instances(POD_UID, 'app')[0].restartCount, 1, 'not before the backoff ends');
    h.clock.advance(1);
    await settle(worker);
    const latest = h.runtime.instances(POD_UID, 'app')[0];
    assert.equal(latest.restartCount, 2);
    assert.equal(latest.state, 'running');
    assert.equal(h.runtime.instances(POD_UID, 'app').length, 2, 'only the current and the previous instance are kept');
    worker.shutdown();
  });

  it('kills a container whose liveness probe fails and starts it again', async () => {
    const liveness = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2, timeoutSeconds: 1 };
    const pod = podManifest({ containers: [{ name: 'app', image: IMAGE, livenessProbe: liveness }] });
    h.apiPod = pod;
    const worker = new PodWorker(pod, h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const first = h.runtime.instances(POD_UID, 'app')[0];
    h.runtime.execResult = () => ({ exitCode: 1, output: 'cat: /tmp/healthy: No such file', timedOut: false });
    h.clock.advance(0);
    await settle(worker);
    assert.equal(h.runtime.instances(POD_UID, 'app')[0].id, first.id, 'one failure is below the threshold');
    h.clock.advance(1_000);
    await settle(worker);
    const stop = h.runtime.callsOf('stop').find((c) => c.id === first.id);
    assert.equal(stop?.graceSeconds, 30, 'the kill uses the pod grace period');
    assert.ok(h.events.some((e) => e === 'Killing: Container app failed liveness probe, will be restarted'));
    assert.ok(h.events.some((e) => e.startsWith('Unhealthy: Liveness probe failed')));
    const current = h.runtime.instances(POD_UID, 'app')[0];
    assert.equal(current.restartCount, 1);
    assert.equal(current.state, 'running');
    worker.shutdown();
  });

  it('stops a deleted pod within its grace period, removes its containers, then the pod object', async () => {
    let finished = '';
    const worker = new PodWorker(podManifest(), h.deps, (uid) => (finished = uid));
    worker.requestSync();
    await settle(worker);
    worker.update(podManifest({}, { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 7 }));
    await settle(worker);
    assert.equal(h.runtime.callsOf('stop').find((c) => c.containerName === 'app')?.graceSeconds, 7);
    assert.equal(h.runtime.callsOf('stop').find((c) => c.containerName === 'POD')?.graceSeconds, 0, 'the sandbox goes last, at once');
    assert.deepEqual(h.runtime.all(), []);
    assert.deepEqual(h.deletes, [{ name: 'web', uid: POD_UID }]);
    assert.equal(worker.phase.kind, 'terminated');
    assert.equal(finished, POD_UID);
  });

  it('removes a pod whose object vanished with the short orphan grace period and does not delete it again', async () => {
    const worker = new PodWorker(podManifest(), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    worker.podGone();
    await settle(worker);
    assert.equal(h.runtime.callsOf('stop').find((c) => c.containerName === 'app')?.graceSeconds, 2);
    assert.deepEqual(h.deletes, []);
    assert.equal(worker.phase.kind, 'terminated');
  });

  it('adopts the running containers of a pod after an agent restart instead of starting duplicates', async () => {
    const { after, createsBefore } = await restartedWorker(h, podManifest());
    assert.equal(h.runtime.callsOf('create').length, createsBefore, 'nothing new is created');
    assert.equal(running(h, 'app'), 1);
    assert.equal(running(h, 'POD'), 1);
    assert.equal(after.phase.kind, 'sync');
    after.shutdown();
  });

  it('runs init containers in order before the app container', async () => {
    const pod = podManifest({ initContainers: [{ name: 'init-a', image: IMAGE }, { name: 'init-b', image: IMAGE }] });
    h.apiPod = pod;
    const worker = new PodWorker(pod, h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    assert.deepEqual(h.runtime.callsOf('create').map((c) => c.containerName), ['POD', 'init-a']);
    h.runtime.exit(h.runtime.instances(POD_UID, 'init-a')[0].id, 0);
    worker.requestSync();
    await settle(worker);
    h.runtime.exit(h.runtime.instances(POD_UID, 'init-b')[0].id, 0);
    worker.requestSync();
    await settle(worker);
    assert.deepEqual(h.runtime.callsOf('create').map((c) => c.containerName), ['POD', 'init-a', 'init-b', 'app']);
    worker.shutdown();
  });
  it('re-creates the pod environment when the sandbox dies under it', async () => {
    const worker = new PodWorker(podManifest(), h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    const [oldSandbox] = h.runtime.instances(POD_UID, 'POD');
    h.runtime.exit(oldSandbox.id, 0);
    worker.requestSync();
    await settle(worker);
    assert.ok(h.events.includes('SandboxChanged: Pod sandbox changed, it will be killed and re-created.'));
    const sandboxes = h.runtime.instances(POD_UID, 'POD');
    assert.equal(sandboxes.length, 1);
    assert.notEqual(sandboxes[0].id, oldSandbox.id);
    const [app] = h.runtime.instances(POD_UID, 'app');
    assert.equal(app.state, 'running');
    assert.equal(app.restartCount, 1);
    assert.equal(app.options.HostConfig?.NetworkMode, `container:${sandboxes[0].id}`, 'the new container joins the new sandbox');
    worker.shutdown();
  });

  it('fails a pod that outlives activeDeadlineSeconds, on the clock, not before', async () => {
    const pod = podManifest({ activeDeadlineSeconds: 60 });
    h.apiPod = pod;
    const worker = new PodWorker(pod, h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    // No other sync: the first one arms the deadline from the startTime it reported.
    h.clock.advance(59_000);
    await settle(worker);
    assert.equal(running(h, 'app'), 1);
    h.clock.advance(1_000);
    await settle(worker);
    assert.equal(running(h, 'app'), 0);
    assert.ok(h.events.includes('DeadlineExceeded: Pod was active on the node longer than the specified deadline'));
    const status = h.statuses.at(-1);
    assert.equal(status?.phase, 'Failed');
    assert.equal(status?.reason, 'DeadlineExceeded');
    worker.shutdown();
  });

  it('reports ErrImagePull for an image that cannot be pulled, then ImagePullBackOff until the backoff ends', async () => {
    const pod = podManifest({ containers: [{ name: 'app', image: 'registry.invalid/nothing:1', imagePullPolicy: 'IfNotPresent' }] });
    h.apiPod = pod;
    const worker = new PodWorker(pod, h.deps, () => undefined);
    worker.requestSync();
    await settle(worker);
    assert.equal(h.statuses.at(-1)?.containerStatuses?.[0]?.state?.waiting?.reason, 'ErrImagePull');
    assert.equal(h.runtime.callsOf('pull').length, 1);
    worker.requestSync();
    await settle(worker);
    assert.equal(h.statuses.at(-1)?.containerStatuses?.[0]?.state?.waiting?.reason, 'ImagePullBackOff');
    assert.equal(h.runtime.callsOf('pull').length, 1, 'no pull while backing off');
    h.clock.advance(FIRST_BACKOFF_MS);
    await settle(worker);
    assert.equal(h.runtime.callsOf('pull').length, 2, 'the wake-up at the end of the backoff pulls again');
    worker.shutdown();
  });
});
