// The sync phase of a pod: read the engine afresh and move the pod one step
// closer to its spec: sandbox and volumes, init containers in order, app
// containers with their restart policy, probes' kills, then the status.
import type { Container, Pod } from '../../api/types/index.js';
import { poolIneligibility } from '../pool/pool-eligibility.js';
import { sandboxCreateOptions } from '../runtime/container-spec.js';
import { dockerMessage } from '../runtime/docker-runtime.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { VOLUME_RETRY_PERIOD_MS } from '../timing.js';
import { ApiDataRefresher } from './api-data-refresher.js';
import { skippedProjections } from './api-data-volumes.js';
import { StartError } from './container-lifecycle.js';
import { CrashBackoff, formatBackoffDelay } from './crash-backoff.js';
import { finishedAtMs, groupPodContainers as group, podContainerIds, ranForMs, type PodContainers } from './pod-containers.js';
import type { PodContext } from './pod-context.js';
import { isFinished, START_ERROR_EXIT_CODE } from './pod-status.js';
import type { PodFailure } from './pod-status-writer.js';
import { stopAll } from './pod-termination.js';
import { restartPolicyOf, shouldRestart, shouldRestartInit } from './restart-policy.js';
import { setUpVolumes, VolumeError } from './volumes.js';

const MS_PER_SECOND = 1000;
/** Instances kept per container: the current one and the one before (lastState, --previous logs). */
const INSTANCES_KEPT = 2;

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export class PodSyncer {
  private readonly crashBackoff: CrashBackoff;
  private readonly apiData: ApiDataRefresher;
  private volumePaths: Map<string, string> | undefined;
  /** The sandbox and address the hosts file was last written for. */
  private hostsFileFor = '';
  /** The pod's sandbox came from the warm pool: its containers set their own hostname. */
  private pooledSandbox = false;
  /** Containers this sync created: with the ones it listed, all the pod can have when it reports. */
  private made: string[] = [];

  constructor(private readonly ctx: PodContext) {
    const { deps } = ctx;
    this.crashBackoff = new CrashBackoff(undefined, () => deps.clock.now());
    this.apiData = new ApiDataRefresher({ stateDir: deps.stateDir, config: deps.config, events: deps.events, logger: ctx.logger, clock: deps.clock });
  }

  private get runtime() {
    return this.ctx.deps.runtime;
  }

  private containers(): Promise<PodContainers> {
    return this.runtime.podContainers(this.ctx.uid).then(group);
  }

  async sync(): Promise<void> {
    const pool = this.ctx.deps.pool;
    return pool ? pool.whilePodStarts(() => this.syncNow()) : this.syncNow();
  }

  private async syncNow(): Promise<void> {
    const pod = this.ctx.record.pod;
    const containers = await this.containers();
    if (isTerminal(pod)) {
      await stopAll(this.ctx, pod, containers, 0);
      return;
    }
    if (this.pastActiveDeadline(pod)) {
      await this.failPod(pod, containers, { reason: 'DeadlineExceeded', message: `Pod was active on the node longer than the specified deadline` });
      return;
    }
    await this.applyPendingKills(pod, containers);
    const sandbox = await this.ensureSandbox(pod, containers);
    if (!sandbox) return;
    const current = await this.withSandbox(containers, sandbox);
    this.made = [];
    if (await this.syncInitContainers(pod, current, sandbox)) {
      await this.syncAppContainers(pod, current, sandbox.id);
    }
    const phase = await this.ctx.status.write(pod, await this.reread(current, this.made));
    if (phase === 'Succeeded' || phase === 'Failed') await stopAll(this.ctx, pod, await this.containers(), 0);
    // The first status write sets the startTime activeDeadlineSeconds counts from; no echo of it comes back as a sync.
    else if (this.pastActiveDeadline(this.ctx.record.pod)) this.ctx.wakeIn(0);
  }

  /**
   * The pod's containers after this sync's own changes, by id. Only this
   * worker creates the pod's containers, so the ones listed at the start and
   * the ones made since are all there can be; another list of the node would
   * cost the engine more and wait behind the lists of every other pod starting
   * at the same time.
   */
  private async reread(listed: PodContainers, made: readonly string[]): Promise<PodContainers> {
    return group(await this.runtime.containersById([...new Set([...podContainerIds(listed), ...made])]));
  }

  /** The pod's containers once its running sandbox is there. */
  private async withSandbox(before: PodContainers, sandbox: RuntimeContainer): Promise<PodContainers> {
    if (before.sandboxes.some((s) => s.id === sandbox.id)) return before;
    // A pod that had no container at all has only its new sandbox: a new pod starts without another list.
    if (before.sandboxes.length === 0 && before.byName.size === 0) return group([sandbox]);
    // A new sandbox means the containers were just stopped: decide on what the engine says now.
    return this.containers();
  }

  private pastActiveDeadline(pod: Pod): boolean {
    const deadline = pod.spec.activeDeadlineSeconds;
    const start = pod.status?.startTime;
    if (deadline === undefined || !start) return false;
    const left = Date.parse(start) + deadline * MS_PER_SECOND - this.ctx.deps.clock.now();
    if (left > 0) this.ctx.wakeIn(left);
    return left <= 0;
  }

  /** The agent itself fails the pod: its containers are stopped within the grace period. */
  private async failPod(pod: Pod, containers: PodContainers, failure: PodFailure): Promise<void> {
    this.ctx.deps.events.event(pod, 'Normal', failure.reason, failure.message);
    await stopAll(this.ctx, pod, containers, this.ctx.lifecycle.graceSeconds(pod));
    await this.ctx.status.write(pod, await this.containers(), failure);
  }

  /** Answers the running sandbox, creating it (and the volumes) when needed. */
  private async ensureSandbox(pod: Pod, containers: PodContainers): Promise<RuntimeContainer | undefined> {
    const { deps, logger } = this.ctx;
    let sandbox = containers.sandboxes.find((s) => s.state === 'running');
    if (!sandbox) {
      if (containers.sandboxes.length > 0) {
        // The sandbox died under the pod: its containers lost their network; start over.
        deps.events.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        logger.info({ sandbox: containers.sandboxes[0].id.slice(0, 12) }, 'sandbox is gone; re-creating the pod environment');
        await stopAll(this.ctx, pod, containers, 0);
        for (const s of containers.sandboxes) await this.runtime.removeSandbox(s.id, deps.network);
      }
      if (!(await this.prepareVolumes(pod))) return undefined;
      sandbox = (await this.claimPooled(pod)) ?? (await this.startFreshSandbox(pod));
    } else if (!(await this.prepareVolumes(pod))) {
      return undefined;
    } else {
      await this.apiData.refreshIfDue(pod);
    }
    this.pooledSandbox = sandbox.pooled === true;
    const podIP = pod.spec.hostNetwork ? deps.hostIP : sandbox.addresses[deps.network] ?? Object.values(sandbox.addresses)[0] ?? '';
    this.ctx.record.podIP = podIP;
    const hostsKey = `${sandbox.id}/${podIP}`;
    if (this.hostsFileFor !== hostsKey) {
      await this.ctx.lifecycle.writeHostsFile(pod, podIP);
      this.hostsFileFor = hostsKey;
    }
    return sandbox;
  }

  /** A warm sandbox from the pool, when the pod needs nothing a fresh sandbox would carry. */
  private async claimPooled(pod: Pod): Promise<RuntimeContainer | undefined> {
    const { deps, logger } = this.ctx;
    if (!deps.pool) return undefined;
    const reason = poolIneligibility(pod, deps.hostnameShim !== undefined);
    if (reason) {
      logger.debug({ reason }, 'pod takes a fresh sandbox');
      return undefined;
    }
    const sandbox = await deps.pool.claim(pod);
    if (sandbox) logger.info({ sandbox: sandbox.id.slice(0, 12) }, 'sandbox taken from the pool');
    return sandbox;
  }

  private async startFreshSandbox(pod: Pod): Promise<RuntimeContainer> {
    const id = await this.createSandbox(pod);
    const sandbox = await this.runtime.inspect(id);
    if (!sandbox) throw new Error(`sandbox ${id} vanished right after it was started`);
    this.ctx.logger.info({ sandbox: id.slice(0, 12) }, 'sandbox started');
    return sandbox;
  }

  /** Creates and starts the pause container; one that cannot start is removed, not left to look like a dead sandbox. */
  private async createSandbox(pod: Pod): Promise<string> {
    const { deps } = this.ctx;
    let id: string | undefined;
    try {
      id = await this.runtime.create(sandboxCreateOptions({ pod, node: deps.node, pauseImage: deps.pauseImage, network: deps.network }));
      await this.runtime.start(id);
      return id;
    } catch (err) {
      if (id) await this.runtime.removeSandbox(id, deps.network).catch(() => undefined);
      deps.events.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${dockerMessage(err)}`);
      throw err;
    }
  }

  private async prepareVolumes(pod: Pod): Promise<boolean> {
    if (this.volumePaths) return true;
    const { deps } = this.ctx;
    try {
      this.volumePaths = await setUpVolumes(deps.stateDir, pod, deps.config);
      this.apiData.written();
      for (const message of skippedProjections(pod)) deps.events.event(pod, 'Warning', 'ProjectionSkipped', message);
      return true;
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      deps.events.event(pod, 'Warning', 'FailedMount', err.message);
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) this.ctx.status.waiting.set(c.name, { reason: 'ContainerCreating' });
      await this.ctx.status.write(pod, { sandboxes: [], byName: new Map() });
      this.ctx.wakeIn(VOLUME_RETRY_PERIOD_MS);
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
        await this.runtime.start(latest.id);
        return false;
      }
      if (latest.exitCode === 0 && latest.state === 'exited') continue;
      if (!shouldRestartInit(policy, latest.exitCode)) return false;
      await this.restartWithBackoff(pod, spec, 'init', instances, sandboxId);
      return false;
    }
    return true;
  }

  private async syncAppContainers(pod: Pod, containers: PodContainers, sandboxId: string): Promise<void> {
    const { probes, lifecycle, record } = this.ctx;
    const policy = restartPolicyOf(pod.spec);
    // A container removed behind the agent's back would keep its probes firing forever.
    const running = new Set([...containers.byName.values()].flat().filter((c) => c.state === 'running').map((c) => c.id));
    probes.keepOnly(running);
    for (const spec of pod.spec.containers) {
      const instances = containers.byName.get(spec.name) ?? [];
      const latest = instances[0];
      if (!latest) {
        await this.startContainer(pod, spec, 'app', 0, sandboxId);
        continue;
      }
      if (latest.state === 'running' && spec.image && latest.image !== spec.image) {
        // The image is the one mutable field of a container: a new one means a new container.
        probes.stop(latest.id);
        await lifecycle.kill(pod, spec, latest.id, record.podIP, lifecycle.graceSeconds(pod), `Container ${spec.name} definition changed, will be restarted`);
        await this.startContainer(pod, spec, 'app', latest.restartCount + 1, sandboxId, instances);
        continue;
      }
      if (latest.state === 'running') {
        this.ensureProber(pod, spec, latest);
        continue;
      }
      if (!isFinished(latest)) {
        await this.runtime.start(latest.id);
        continue;
      }
      probes.stop(latest.id);
      const exitCode = latest.state === 'created' ? START_ERROR_EXIT_CODE : latest.exitCode;
      if (shouldRestart(policy, exitCode)) await this.restartWithBackoff(pod, spec, 'app', instances, sandboxId);
    }
  }

  private async restartWithBackoff(pod: Pod, spec: Container, kind: 'init' | 'app', instances: RuntimeContainer[], sandboxId: string): Promise<void> {
    const latest = instances[0];
    const key = spec.name;
    const { waiting } = this.ctx.status;
    const remaining = this.crashBackoff.remaining(key, finishedAtMs(latest));
    if (remaining > 0) {
      const who = `pod=${pod.metadata.name}_${pod.metadata.namespace}(${this.ctx.uid})`;
      const message = `back-off ${formatBackoffDelay(this.crashBackoff.currentDelay(key))} restarting failed container=${spec.name} ${who}`;
      if (waiting.get(key)?.reason !== 'CrashLoopBackOff') {
        this.ctx.deps.events.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${this.ctx.uid})`);
      }
      waiting.set(key, { reason: 'CrashLoopBackOff', message });
      this.ctx.wakeIn(remaining);
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
    this.ctx.logger.info({ container: spec.name, restartCount }, 'starting container');
    const { waiting } = this.ctx.status;
    try {
      const podIP = this.ctx.record.podIP;
      const volumePaths = this.volumePaths ?? new Map<string, string>();
      const id = await this.ctx.lifecycle.start({ pod, container: spec, kind, restartCount, sandboxId, podIP, volumePaths, pooledSandbox: this.pooledSandbox });
      this.made.push(id);
      waiting.delete(spec.name);
      if (kind === 'app') {
        const started = await this.runtime.inspect(id);
        if (started?.state === 'running') this.ensureProber(pod, spec, started);
      }
    } catch (err) {
      if (!(err instanceof StartError)) throw err;
      waiting.set(spec.name, err.waiting);
      // Image pulls come back when their backoff ends; other errors at the next resync.
      if (err.retryAfterMs !== undefined) this.ctx.wakeIn(err.retryAfterMs);
    }
  }

  /** Keeps the newest instances of a container (newest first) before another is created. */
  private async pruneInstances(instances: readonly RuntimeContainer[]): Promise<void> {
    for (const old of instances.slice(INSTANCES_KEPT - 1)) {
      if (old.state !== 'running') await this.runtime.remove(old.id);
    }
  }

  private ensureProber(pod: Pod, spec: Container, instance: RuntimeContainer): void {
    // The pod as the API last reported it: an adopted container keeps its readiness.
    this.ctx.probes.ensure(this.ctx.record.pod, spec, instance, { runtime: this.runtime, host: this.ctx.lifecycle.actionHost(pod, this.ctx.record.podIP) });
  }

  private async applyPendingKills(pod: Pod, containers: PodContainers): Promise<void> {
    for (const kill of this.ctx.probes.takePendingKills()) {
      const id = kill.containerId;
      const instance = containers.byName.get(kill.containerName)?.find((c) => c.id === id);
      if (!instance || instance.state !== 'running') continue;
      this.ctx.probes.stop(id);
      const spec = pod.spec.containers.find((c) => c.name === kill.containerName);
      await this.ctx.lifecycle.kill(pod, spec, id, this.ctx.record.podIP, kill.graceSeconds, kill.message);
      instance.state = 'exited';
      const fresh = await this.runtime.inspect(id);
      if (fresh) Object.assign(instance, fresh);
    }
  }
}
