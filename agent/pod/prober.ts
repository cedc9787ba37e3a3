// Probes of one running container: startup first, then liveness and
// readiness, each on its own timer with Kubernetes' thresholds.
import type { Probe } from '../../api/types/index.js';
import {
  PROBE_DEFAULT_FAILURE_THRESHOLD,
  PROBE_DEFAULT_PERIOD_SECONDS,
  PROBE_DEFAULT_SUCCESS_THRESHOLD,
  PROBE_DEFAULT_TIMEOUT_SECONDS,
} from '../timing.js';
import { runAction, type ActionTarget } from './handler-action.js';
import { systemClock, type CancelTimer, type Clock } from '../clock.js';

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

export interface ProbeListener {
  /** Every failed attempt (the Unhealthy event). */
  probeFailed(kind: ProbeKind, message: string): void;
  /** Liveness or startup reached its failure threshold: the container must be restarted. */
  containerUnhealthy(kind: ProbeKind, probe: Probe): void;
  /** Readiness or startup state changed. */
  stateChanged(): void;
}

const MS_PER_SECOND = 1000;

/** What the API last reported for this very container, when an agent restart adopts it. */
export interface ProbeStateSeed {
  started: boolean;
  ready: boolean;
}

interface Loop {
  cancel?: CancelTimer;
  successes: number;
  failures: number;
}

export class ContainerProber {
  private stopped = false;
  private startedState: boolean;
  private readyState = false;
  private readonly loops = new Map<ProbeKind, Loop>();

  constructor(
    private readonly target: ActionTarget,
    private readonly listener: ProbeListener,
    seed?: ProbeStateSeed,
    private readonly clock: Clock = systemClock,
  ) {
    // An adopted container keeps its reported state until a probe says otherwise, as
    // the kubelet does across restarts: Ready must not flap because the agent restarted.
    this.startedState = !target.container.startupProbe || seed?.started === true;
    // Without a readiness probe a container is ready as soon as it has started.
    this.readyState = this.startedState && (!target.container.readinessProbe || seed?.ready === true);
  }

  get started(): boolean {
    return this.startedState;
  }

  get ready(): boolean {
    return this.readyState;
  }

  start(): void {
    const c = this.target.container;
    if (c.startupProbe && !this.startedState) this.schedule('Startup', c.startupProbe, true);
    else this.startAfterStartup();
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops.values()) loop.cancel?.();
    this.loops.clear();
  }

  private startAfterStartup(): void {
    const c = this.target.container;
    if (c.livenessProbe) this.schedule('Liveness', c.livenessProbe, true);
    if (c.readinessProbe) this.schedule('Readiness', c.readinessProbe, true);
  }

  private schedule(kind: ProbeKind, probe: Probe, first: boolean): void {
    if (this.stopped) return;
    const loop = this.loops.get(kind) ?? { successes: 0, failures: 0 };
    this.loops.set(kind, loop);
    const delaySeconds = first ? probe.initialDelaySeconds ?? 0 : probe.periodSeconds ?? PROBE_DEFAULT_PERIOD_SECONDS;
    loop.cancel = this.clock.after(delaySeconds * MS_PER_SECOND, () => void this.runOnce(kind, probe, loop));
  }

  private async runOnce(kind: ProbeKind, probe: Probe, loop: Loop): Promise<void> {
    const timeoutMs = (probe.timeoutSeconds ?? PROBE_DEFAULT_TIMEOUT_SECONDS) * MS_PER_SECOND;
    const result = await runAction(this.target, probe, timeoutMs);
    if (this.stopped) return;
    if (result.ok) {
      loop.successes++;
      loop.failures = 0;
    } else {
      loop.failures++;
      loop.successes = 0;
      this.listener.probeFailed(kind, result.message);
    }
    if (this.apply(kind, probe, loop)) this.schedule(kind, probe, false);
  }

  /** Applies the thresholds; answers whether this probe keeps running. */
  private apply(kind: ProbeKind, probe: Probe, loop: Loop): boolean {
    const successThreshold = probe.successThreshold ?? PROBE_DEFAULT_SUCCESS_THRESHOLD;
    const failureThreshold = probe.failureThreshold ?? PROBE_DEFAULT_FAILURE_THRESHOLD;
    if (kind === 'Startup') {
      if (loop.successes >= successThreshold) {
        this.startedState = true;
        if (!this.target.container.readinessProbe) this.readyState = true;
        this.listener.stateChanged();
        this.startAfterStartup();
        return false;
      }
      if (loop.failures >= failureThreshold) {
        this.listener.containerUnhealthy(kind, probe);
        return false;
      }
      return true;
    }
    if (kind === 'Liveness') {
      if (loop.failures >= failureThreshold) {
        this.listener.containerUnhealthy(kind, probe);
        return false;
      }
      return true;
    }
    const wasReady = this.readyState;
    if (loop.successes >= successThreshold) this.readyState = true;
    if (loop.failures >= failureThreshold) this.readyState = false;
    if (wasReady !== this.readyState) this.listener.stateChanged();
    return true;
  }
}
