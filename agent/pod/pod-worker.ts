// One worker per pod serializes everything that happens to it: every trigger
// (pod update, Docker event, timer, probe result) asks for a sync, and a sync
// reads Docker afresh and moves the pod one step closer to its spec.
import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.js';
import type { Container, Pod } from '../../api/types/index.js';
import { sandboxCreateOptions } from '../runtime/container-spec.js';
import { dockerMessage } from '../runtime/docker-runtime.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { ORPHAN_GRACE_PERIOD_SECONDS, SYNC_RETRY_INITIAL_MS, SYNC_RETRY_MAX_MS, VOLUME_RETRY_PERIOD_MS } from '../timing.js';
import { ContainerLifecycle, StartError } from './container-lifecycle.js';
import { CrashBackoff, formatBackoffDelay } from './crash-backoff.js';
import { computePodStatus, isFinished, START_ERROR_EXIT_CODE, type ContainerView, type Waiting } from './pod-status.js';
import { finishedAtMs, groupPodContainers as group, ranForMs, type PodContainers } from './pod-containers.js';
import { PodProbes } from './pod-probes.js';
import { restartPolicyOf, shouldRestart, shouldRestartInit } from './restart-policy.js';
import { setUpVolumes, tearDownPodDir, VolumeError } from './volumes.js';
import { skippedProjections } from './api-data-volumes.js';
import { ApiDataRefresher } from './api-data-refresher.js';
import type { PodWorkerDeps } from './worker-deps.js';
import { resources } from '../../api/resources.js';
import { timerDelay } from '../../client/timer-delay.js';

const MS_PER_SECOND = 1000;
/** Instances kept per container: the current one and the one before (lastState, --previous logs). */
const INSTANCES_KEPT = 2;

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export class PodWorker {
  readonly uid: string;
  private pod: Pod;
  private gone = false;
  private finished = false;
  private syncing = false;
  private dirty = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private retryDelayMs = SYNC_RETRY_INITIAL_MS;
  private readonly logger: Logger;
  private readonly lifecycle: ContainerLifecycle;
  private readonly crashBackoff = new CrashBackoff();
  private readonly probes: PodProbes;
  private readonly apiData: ApiDataRefresher;
  private readonly waiting = new Map<string, Waiting>();
  /** While the pod's containers are being stopped: when the grace period ends (ms since epoch). */
  private stopDeadlineMs: number | undefined;
  private volumePaths: Map<string, string> | undefined;
  private hostsFileFor = '';
  private lastStatus = '';
  private podIP = '';
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    pod: Pod,
    private readonly deps: PodWorkerDeps,
    private readonly onFinished: (uid: string) => void,
  ) {
    this.uid = pod.metadata.uid ?? '';
    this.pod = pod;
    this.logger = deps.logger.child({ ns: pod.metadata.namespace, pod: pod.metadata.name });
    this.lifecycle = new ContainerLifecycle(deps);
    this.apiData = new ApiDataRefresher({ stateDir: deps.stateDir, config: deps.config, events: deps.events, logger: this.logger });
    this.probes = new PodProbes({
      probeFailed: (message) => this.deps.events.event(this.pod, 'Warning', 'Unhealthy', message),
      requestSync: () => this.requestSync(),
      podGraceSeconds: () => this.lifecycle.graceSeconds(this.pod),
    });
  }

  get current(): Pod {
    return this.pod;
  }

  update(pod: Pod): void {
    this.pod = pod;
    // A second delete may shorten the grace period while the containers are stopping.
    if (pod.metadata.deletionTimestamp) this.shortenStop(this.lifecycle.graceSeconds(pod));
    this.requestSync();
  }

  /** The pod is gone from the API: stop everything and clean up. */
  podGone(): void {
    this.gone = true;
    // Force-deleted while stopping: nobody waits for the rest of the grace period.
    this.shortenStop(ORPHAN_GRACE_PERIOD_SECONDS);
    this.requestSync();
  }

  /**
   * The stop in progress waits for its own grace period; when a shorter one
   * comes in, the running containers are stopped again with what is left of it.
   */
  private shortenStop(graceSeconds: number): void {
    if (this.stopDeadlineMs === undefined) return;
    const deadline = Date.now() + graceSeconds * MS_PER_SECOND;
    if (deadline >= this.stopDeadlineMs) return;
    this.stopDeadlineMs = deadline;
    void this.deps.runtime
      .podContainers(this.uid)
      .then((containers) => Promise.all(containers.filter((c) => c.kind !== 'sandbox' && c.state === 'running').map((c) => this.deps.runtime.stop(c.id, graceSeconds))))
      .catch((err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'shortening the grace period failed'));
  }

  /** Stops probes and timers, leaving the containers running (agent shutdown). */
  shutdown(): void {
    this.finished = true;
    clearTimeout(this.wakeTimer);
    this.probes.close();
  }

  /** Resolves when no sync is running. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  requestSync(): void {
    if (this.finished) return;
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.dirty = false;
        try {
          await this.syncOnce();
          this.retryDelayMs = SYNC_RETRY_INITIAL_MS;
        } catch (err) {
          this.logger.warn({ err: err instanceof Error ? err.message : String(err), retryMs: this.retryDelayMs }, 'pod sync failed; retrying');
          this.wakeIn(this.retryDelayMs);
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, SYNC_RETRY_MAX_MS);
        }
      } while (this.dirty && !this.finished);
    } finally {
      this.syncing = false;
      this.markIdle();
    }
  }

  private wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.wakeTimer && at >= this.wakeAt) return;
    clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.requestSync();
    }, timerDelay(ms));
  }

  private async syncOnce(): Promise<void> {
    const pod = this.pod;
    const containers = group(await this.deps.runtime.podContainers(this.uid));
    if (this.gone || pod.metadata.deletionTimestamp) {
      await this.terminate(pod, containers);
      return;
    }
    if (isTerminal(pod)) {
      await this.stopAll(pod, containers, 0);
      return;
    }
    if (this.pastActiveDeadline(pod)) {
      await this.failPod(pod, containers, {
        reason: 'DeadlineExceeded',
        message: `Pod was active on the node longer than the specified deadline`,
      });
      return;
    }
    await this.applyPendingKills(pod, containers);
    const sandbox = await this.ensureSandbox(pod, containers);
    if (!sandbox) return;
    // A new sandbox means the containers were just stopped: decide on what Docker says now.
    const current = containers.sandboxes.some((s) => s.id === sandbox.id) ? containers : group(await this.deps.runtime.podContainers(this.uid));
    if (await this.syncInitContainers(pod, current, sandbox)) {
      await this.syncAppContainers(pod, current, sandbox.id);
    }
    const status = await this.writeStatus(pod, await this.deps.runtime.podContainers(this.uid).then(group));
    if (status === 'Succeeded' || status === 'Failed') {
      await this.stopAll(pod, group(await this.deps.runtime.podContainers(this.uid)), 0);
    }
  }

  private pastActiveDeadline(pod: Pod): boolean {
    const deadline = pod.spec.activeDeadlineSeconds;
    const start = pod.status?.startTime;
    if (deadline === undefined || !start) return false;
    const left = Date.parse(start) + deadline * MS_PER_SECOND - Date.now();
    if (left > 0) this.wakeIn(left);
    return left <= 0;
  }

  /** The agent itself fails the pod: its containers are stopped within the grace period. */
  private async failPod(pod: Pod, containers: PodContainers, failure: { reason: string; message: string }): Promise<void> {
    this.deps.events.event(pod, 'Normal', failure.reason, failure.message);
    await this.stopAll(pod, containers, this.lifecycle.graceSeconds(pod));
    await this.writeStatus(pod, group(await this.deps.runtime.podContainers(this.uid)), failure);
  }

  /** Answers the running sandbox, creating it (and the volumes) when needed. */
  private async ensureSandbox(pod: Pod, containers: PodContainers): Promise<RuntimeContainer | undefined> {
    let sandbox = containers.sandboxes.find((s) => s.state === 'running');
    if (!sandbox) {
      if (containers.sandboxes.length > 0) {
        // The sandbox died under the pod: its containers lost their network; start over.
        this.deps.events.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        this.logger.info({ sandbox: containers.sandboxes[0].id.slice(0, 12) }, 'sandbox is gone; re-creating the pod environment');
        await this.stopAll(pod, containers, 0);
        for (const s of containers.sandboxes) await this.deps.runtime.removeSandbox(s.id, this.deps.network);
      }
      if (!(await this.prepareVolumes(pod))) return undefined;
      const id = await this.createSandbox(pod);
      sandbox = await this.deps.runtime.inspect(id);
      if (!sandbox) throw new Error(`sandbox ${id} vanished right after it was started`);
      this.logger.info({ sandbox: id.slice(0, 12) }, 'sandbox started');
    } else if (!(await this.prepareVolumes(pod))) {
      return undefined;
    } else {
      await this.apiData.refreshIfDue(pod);
    }
    this.podIP = pod.spec.hostNetwork ? this.deps.hostIP : sandbox.addresses[this.deps.network] ?? Object.values(sandbox.addresses)[0] ?? '';
    const hostsKey = `${sandbox.id}/${this.podIP}`;
    if (this.hostsFileFor !== hostsKey) {
      await this.lifecycle.writeHostsFile(pod, this.podIP);
      this.hostsFileFor = hostsKey;
    }
    return sandbox;
  }

  /** Creates and starts the pause container; one that cannot start is removed, not left to look like a dead sandbox. */
  private async createSandbox(pod: Pod): Promise<string> {
    let id: string | undefined;
    try {
      id = await this.deps.runtime.create(sandboxCreateOptions({ pod, node: this.deps.node, pauseImage: this.deps.pauseImage, network: this.deps.network }));
      await this.deps.runtime.start(id);
      return id;
    } catch (err) {
      if (id) await this.deps.runtime.removeSandbox(id, this.deps.network).catch(() => undefined);
      this.deps.events.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${dockerMessage(err)}`);
      throw err;
    }
  }

  private async prepareVolumes(pod: Pod): Promise<boolean> {
    if (this.volumePaths) return true;
    try {
      this.volumePaths = await setUpVolumes(this.deps.stateDir, pod, this.deps.config);
      this.apiData.written();
      for (const message of skippedProjections(pod)) this.deps.events.event(pod, 'Warning', 'ProjectionSkipped', message);
      return true;
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      this.deps.events.event(pod, 'Warning', 'FailedMount', err.message);
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) this.waiting.set(c.name, { reason: 'ContainerCreating' });
      await this.writeStatus(pod, { sandboxes: [], byName: new Map() });
      this.wakeIn(VOLUME_RETRY_PERIOD_MS);
      return false;
    }
  }

  /** Runs init containers one by one; answers true once all have succeeded. */
  private async syncInitContainers(pod: Pod, containers: PodContainers, sandbox: RuntimeContainer): Promise<boolean> {
    const policy = restartPolicyOf(pod.spec);
    const sandboxId = sandbox.id;
    for (const spec of pod.spec.initContainers ?? []) {
      const instances = containers.byName.get(spec.name) ?? [];
      const latest = instances[0];
      if (!latest) {
        await this.startContainer(pod, spec, 'init', 0, sandboxId);
        return false;
      }
      if (latest.state !== 'running' && latest.createdAt < sandbox.createdAt) {
        // A new sandbox is a new pod environment: init containers run again, as the kubelet does.
        await this.startContainer(pod, spec, 'init', latest.restartCount + 1, sandboxId, instances);
        return false;
      }
      if (latest.state === 'running') return false;
      if (!isFinished(latest)) {
        await this.deps.runtime.start(latest.id);
        return false;
      }
      if (latest.exitCode === 0 && latest.state === 'exited') continue;
      if (!shouldRestartInit(policy, latest.exitCode)) return false;
      await this.restartWithBackoff(pod, spec, 'init', containers.byName.get(spec.name) ?? [], sandboxId);
      return false;
    }
    return true;
  }

  private async syncAppContainers(pod: Pod, containers: PodContainers, sandboxId: string): Promise<void> {
    const policy = restartPolicyOf(pod.spec);
    // A container removed behind the agent's back would keep its probes firing forever.
    const running = new Set([...containers.byName.values()].flat().filter((c) => c.state === 'running').map((c) => c.id));
    this.probes.keepOnly(running);
    for (const spec of pod.spec.containers) {
      const instances = containers.byName.get(spec.name) ?? [];
      const latest = instances[0];
      if (!latest) {
        await this.startContainer(pod, spec, 'app', 0, sandboxId);
        continue;
      }
      if (latest.state === 'running' && spec.image && latest.image !== spec.image) {
        // The image is the one mutable field of a container: a new one means a new container.
        this.probes.stop(latest.id);
        await this.lifecycle.kill(pod, spec, latest.id, this.podIP, this.lifecycle.graceSeconds(pod), `Container ${spec.name} definition changed, will be restarted`);
        await this.startContainer(pod, spec, 'app', latest.restartCount + 1, sandboxId, instances);
        continue;
      }
      if (latest.state === 'running') {
        this.ensureProber(pod, spec, latest);
        continue;
      }
      if (!isFinished(latest)) {
        await this.deps.runtime.start(latest.id);
        continue;
      }
      this.probes.stop(latest.id);
      const exitCode = latest.state === 'created' ? START_ERROR_EXIT_CODE : latest.exitCode;
      if (shouldRestart(policy, exitCode)) await this.restartWithBackoff(pod, spec, 'app', instances, sandboxId);
    }
  }

  private async restartWithBackoff(pod: Pod, spec: Container, kind: 'init' | 'app', instances: RuntimeContainer[], sandboxId: string): Promise<void> {
    const latest = instances[0];
    const key = spec.name;
    const remaining = this.crashBackoff.remaining(key, finishedAtMs(latest));
    if (remaining > 0) {
      const message = `back-off ${formatBackoffDelay(this.crashBackoff.currentDelay(key))} restarting failed container=${spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${this.uid})`;
      if (this.waiting.get(key)?.reason !== 'CrashLoopBackOff') {
        this.deps.events.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${this.uid})`);
      }
      this.waiting.set(key, { reason: 'CrashLoopBackOff', message });
      this.wakeIn(remaining);
      return;
    }
    this.crashBackoff.recordRetry(key, ranForMs(latest));
    await this.startContainer(pod, spec, kind, latest.restartCount + 1, sandboxId, instances);
  }

  private async startContainer(
    pod: Pod,
    spec: Container,
    kind: 'init' | 'app',
    restartCount: number,
    sandboxId: string,
    instances: readonly RuntimeContainer[] = [],
  ): Promise<void> {
    await this.pruneInstances(instances);
    this.logger.info({ container: spec.name, restartCount }, 'starting container');
    try {
      const id = await this.lifecycle.start({ pod, container: spec, kind, restartCount, sandboxId, podIP: this.podIP, volumePaths: this.volumePaths ?? new Map() });
      this.waiting.delete(spec.name);
      if (kind === 'app') {
        const started = await this.deps.runtime.inspect(id);
        if (started?.state === 'running') this.ensureProber(pod, spec, started);
      }
    } catch (err) {
      if (!(err instanceof StartError)) throw err;
      this.waiting.set(spec.name, err.waiting);
      // Image pulls come back when their backoff ends; other errors at the next resync.
      if (err.retryAfterMs !== undefined) this.wakeIn(err.retryAfterMs);
    }
  }

  /** Keeps the newest instances of a container (newest first) before another is created. */
  private async pruneInstances(instances: readonly RuntimeContainer[]): Promise<void> {
    for (const old of instances.slice(INSTANCES_KEPT - 1)) {
      if (old.state !== 'running') await this.deps.runtime.remove(old.id);
    }
  }

  private ensureProber(pod: Pod, spec: Container, instance: RuntimeContainer): void {
    // The pod as the API last reported it: an adopted container keeps its readiness.
    this.probes.ensure(this.pod, spec, instance, { runtime: this.deps.runtime, host: this.lifecycle.actionHost(pod, this.podIP) });
  }

  private async applyPendingKills(pod: Pod, containers: PodContainers): Promise<void> {
    for (const kill of this.probes.takePendingKills()) {
      const id = kill.containerId;
      const instance = containers.byName.get(kill.containerName)?.find((c) => c.id === id);
      if (!instance || instance.state !== 'running') continue;
      this.probes.stop(id);
      const spec = pod.spec.containers.find((c) => c.name === kill.containerName);
      await this.lifecycle.kill(pod, spec, id, this.podIP, kill.graceSeconds, kill.message);
      instance.state = 'exited';
      const fresh = await this.deps.runtime.inspect(id);
      if (fresh) Object.assign(instance, fresh);
    }
  }

  private views(pod: Pod, containers: PodContainers, specs: Container[]): ContainerView[] {
    return specs.map((spec) => {
      const [current, previous] = containers.byName.get(spec.name) ?? [];
      const prober = current ? this.probes.get(current.id) : undefined;
      const waiting = this.waiting.get(spec.name);
      const stillWaiting = waiting && !(current?.state === 'running');
      return {
        name: spec.name,
        image: spec.image ?? '',
        current,
        previous,
        waiting: stillWaiting ? waiting : undefined,
        ready: prober ? prober.ready : current?.state === 'running',
        started: prober ? prober.started : current?.state === 'running',
      };
    });
  }

  /** Writes the status when it changed; answers the phase. */
  private async writeStatus(pod: Pod, containers: PodContainers, failure?: { reason: string; message: string }): Promise<string | undefined> {
    const status = computePodStatus({
      failure,
      pod,
      init: this.views(pod, containers, pod.spec.initContainers ?? []),
      app: this.views(pod, containers, pod.spec.containers),
      podIP: this.podIP,
      hostIP: this.deps.hostIP,
      now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const json = JSON.stringify(status);
    if (json === this.lastStatus) return status.phase;
    try {
      const updated = await this.deps.client.patch(resources.pods, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', 'merge', { status }, { status: true });
      this.lastStatus = json;
      if (updated.metadata.uid === this.uid && !this.pod.metadata.deletionTimestamp) this.pod = updated;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return status.phase;
      throw err;
    }
    return status.phase;
  }

  private async stopAll(pod: Pod, containers: PodContainers, graceSeconds: number): Promise<void> {
    this.probes.stopAll();
    const running = [...containers.byName.values()].flat().filter((c) => c.state === 'running');
    await Promise.all(
      running.map((c) => {
        const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((s) => s.name === c.containerName);
        return this.lifecycle.kill(pod, spec, c.id, this.podIP, graceSeconds, graceSeconds > 0 ? `Stopping container ${c.containerName}` : '');
      }),
    );
    for (const s of containers.sandboxes) if (s.state === 'running') await this.deps.runtime.stop(s.id, 0);
  }

  /** Graceful deletion: stop within the grace period, remove everything, then the pod object. */
  private async terminate(pod: Pod, containers: PodContainers): Promise<void> {
    // The newest pod: a shorter grace period may have come in since this sync began.
    const latest = this.pod;
    const grace = this.gone && !latest.metadata.deletionTimestamp ? ORPHAN_GRACE_PERIOD_SECONDS : this.lifecycle.graceSeconds(latest);
    this.stopDeadlineMs = Math.min(this.stopDeadlineMs ?? Infinity, Date.now() + grace * MS_PER_SECOND);
    await this.stopAll(pod, containers, grace);
    for (const c of [...containers.byName.values()].flat()) await this.deps.runtime.remove(c.id);
    for (const s of containers.sandboxes) await this.deps.runtime.removeSandbox(s.id, this.deps.network);
    await tearDownPodDir(this.deps.stateDir, this.uid);
    if (!this.gone) {
      try {
        await this.deps.client.delete(resources.pods, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', {
          gracePeriodSeconds: 0,
          preconditions: { uid: this.uid },
        });
      } catch (err) {
        if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
      }
    }
    this.logger.info('pod stopped and removed');
    this.shutdown();
    this.onFinished(this.uid);
  }
}
