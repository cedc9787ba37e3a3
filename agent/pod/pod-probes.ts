// The probers of one pod's running containers, by container ID, and the
// liveness kills they ask for. A failed liveness or startup probe does not kill
// from the probe's timer: it queues the kill and asks for a sync, so the kill
// happens inside the pod worker, in order with everything else on that pod.
import type { Container, Pod, Probe } from '../../api/types/index.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import type { ActionTarget } from './handler-action.js';
import { ContainerProber, type ProbeKind } from './prober.js';
import type { Clock } from '../clock.js';

export interface PendingKill {
  containerId: string;
  containerName: string;
  message: string;
  graceSeconds: number;
}

export interface PodProbesHooks {
  /** An Unhealthy event for the pod. */
  probeFailed(message: string): void;
  /** Ask the pod worker for a sync (a kill is pending, or readiness changed). */
  requestSync(): void;
  /** The grace period of a kill when the probe names none. */
  podGraceSeconds(): number;
  clock: Clock;
}

export class PodProbes {
  private readonly probers = new Map<string, ContainerProber>();
  private readonly pendingKills = new Map<string, PendingKill>();
  private closed = false;

  constructor(private readonly hooks: PodProbesHooks) {}

  /**
   * Starts probing a running container once. `pod` is the pod as the API last
   * reported it: an adopted container starts from its reported readiness.
   */
  ensure(pod: Pod, spec: Container, instance: RuntimeContainer, target: Omit<ActionTarget, 'containerId' | 'container'>): void {
    if (this.closed || this.probers.has(instance.id)) return;
    const reported = pod.status?.containerStatuses?.find((s) => s.name === spec.name && s.containerID === `docker://${instance.id}`);
    const seed = reported?.state?.running ? { started: reported.started === true, ready: reported.ready === true } : undefined;
    const prober = new ContainerProber(
      { ...target, containerId: instance.id, container: spec },
      {
        probeFailed: (kind, message) => this.hooks.probeFailed(`${kind} probe failed: ${message}`.trim()),
        containerUnhealthy: (kind, probe) => this.queueKill(spec.name, instance.id, kind, probe),
        stateChanged: () => this.hooks.requestSync(),
      },
      seed,
      this.hooks.clock,
    );
    this.probers.set(instance.id, prober);
    prober.start();
  }

  get(containerId: string): ContainerProber | undefined {
    return this.probers.get(containerId);
  }

  stop(containerId: string): void {
    this.probers.get(containerId)?.stop();
    this.probers.delete(containerId);
  }

  /** Stops the probers of containers not in `running` (removed or exited behind the agent's back). */
  keepOnly(running: ReadonlySet<string>): void {
    for (const id of [...this.probers.keys()]) if (!running.has(id)) this.stop(id);
  }

  stopAll(): void {
    for (const id of [...this.probers.keys()]) this.stop(id);
  }

  /** Stops everything for good: no prober starts after this (agent shutdown, pod gone). */
  close(): void {
    this.closed = true;
    this.stopAll();
    this.pendingKills.clear();
  }

  /** The kills probes asked for since the last call. */
  takePendingKills(): PendingKill[] {
    const kills = [...this.pendingKills.values()];
    this.pendingKills.clear();
    return kills;
  }

  private queueKill(containerName: string, containerId: string, kind: ProbeKind, probe: Probe): void {
    this.pendingKills.set(containerId, {
      containerId,
      containerName,
      graceSeconds: probe.terminationGracePeriodSeconds ?? this.hooks.podGraceSeconds(),
      message: `Container ${containerName} failed ${kind.toLowerCase()} probe, will be restarted`,
    });
    this.hooks.requestSync();
  }
}
