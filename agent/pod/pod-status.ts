// Pure computation of a pod's status from what Docker shows and what the
// worker knows (waiting reasons, probe results), following the kubelet's rules
// for phase and conditions.
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types/index.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { restartPolicyOf } from './restart-policy.js';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface ContainerView {
  name: string;
  image: string;
  /** The newest instance and the one before it (for lastState). */
  current?: RuntimeContainer;
  previous?: RuntimeContainer;
  waiting?: Waiting;
  ready: boolean;
  started: boolean;
}

export interface StatusInput {
  pod: Pod;
  init: ContainerView[];
  app: ContainerView[];
  podIP: string;
  hostIP: string;
  now: string;
  /** Set when the agent failed the pod itself (activeDeadlineSeconds). */
  failure?: { reason: string; message: string };
}

/** A container that ran and stopped, or could not start at all. */
export function isFinished(c: RuntimeContainer): boolean {
  return c.state === 'exited' || (c.state === 'created' && c.error !== '');
}

/** Exit code the kubelet reports for a container that never started. */
export const START_ERROR_EXIT_CODE = 128;

export function terminatedState(c: RuntimeContainer): ContainerState {
  const startError = c.state === 'created' || (c.error !== '' && !c.startedAt);
  const exitCode = startError ? c.exitCode || START_ERROR_EXIT_CODE : c.exitCode;
  const reason = startError ? 'StartError' : c.oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return {
    terminated: {
      exitCode,
      reason,
      ...(c.error ? { message: c.error } : {}),
      startedAt: c.startedAt ?? c.createdAt,
      finishedAt: c.finishedAt ?? c.startedAt ?? c.createdAt,
      containerID: `docker://${c.id}`,
    },
  };
}

function stateOf(view: ContainerView, defaultWaiting: string): { state: ContainerState; last: ContainerState } {
  const { current, previous } = view;
  const previousState = previous && isFinished(previous) ? terminatedState(previous) : {};
  if (view.waiting) {
    const last = current && isFinished(current) ? terminatedState(current) : previousState;
    return { state: { waiting: { ...view.waiting } }, last };
  }
  if (!current) return { state: { waiting: { reason: defaultWaiting } }, last: {} };
  if (current.state === 'running') return { state: { running: { startedAt: current.startedAt } }, last: previousState };
  if (isFinished(current)) return { state: terminatedState(current), last: previousState };
  return { state: { waiting: { reason: 'ContainerCreating' } }, last: previousState };
}

function containerStatus(view: ContainerView, defaultWaiting: string, init = false): ContainerStatus {
  const { state, last } = stateOf(view, defaultWaiting);
  const running = state.running !== undefined;
  // An init container is ready once it completed, and not while it runs, as the kubelet reports it.
  const ready = init ? state.terminated?.exitCode === 0 : running && view.ready;
  const status: ContainerStatus = {
    name: view.name,
    state,
    lastState: last,
    ready,
    restartCount: view.current?.restartCount ?? 0,
    image: view.image,
    imageID: view.current ? `docker-pullable://${view.current.imageID}` : '',
    started: running && view.started,
  };
  if (view.current) status.containerID = `docker://${view.current.id}`;
  return status;
}

type Phase = NonNullable<PodStatus['phase']>;

export function initPhase(pod: Pod, init: ContainerStatus[]): 'done' | 'pending' | 'failed' {
  for (const s of init) {
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t && restartPolicyOf(pod.spec) === 'Never') return 'failed';
    return 'pending';
  }
  return 'done';
}

/** The kubelet's getPhase: a container waiting after a crash counts as stopped. */
export function podPhase(pod: Pod, init: ContainerStatus[], app: ContainerStatus[]): Phase {
  const initState = initPhase(pod, init);
  if (initState === 'failed') return 'Failed';
  if (initState === 'pending') return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of app) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  const policy = restartPolicyOf(pod.spec);
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (policy === 'OnFailure') return 'Running';
  return 'Failed';
}

function condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function conditions(pod: Pod, phase: Phase, init: ContainerStatus[], app: ContainerStatus[]): PodCondition[] {
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const incompleteInit = init.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  const initialized = incompleteInit.length === 0 || (terminal && initPhase(pod, init) === 'done');
  const unready = app.filter((s) => !s.ready).map((s) => s.name);
  const ready = unready.length === 0 && !terminal;
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  return [
    condition('Initialized', initialized, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition('Ready', ready, notReadyReason, notReadyMessage),
    condition('ContainersReady', ready, notReadyReason, notReadyMessage),
    condition('PodScheduled', true),
  ];
}

/** Keeps lastTransitionTime from the previous status while a condition holds. */
function withTransitionTimes(next: PodCondition[], previous: PodCondition[] | undefined, now: string): PodCondition[] {
  return next.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const since = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastTransitionTime: since };
  });
}

export function computePodStatus(input: StatusInput): PodStatus {
  const { pod } = input;
  const initStatuses = input.init.map((v) => containerStatus(v, 'PodInitializing', true));
  const initDone = initPhase(pod, initStatuses) === 'done';
  const appStatuses = input.app.map((v) => containerStatus(v, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const previousPhase = pod.status?.phase;
  // A pod that reached a terminal phase never leaves it.
  const terminal = previousPhase === 'Succeeded' || previousPhase === 'Failed';
  const phase = terminal ? previousPhase : input.failure ? 'Failed' : podPhase(pod, initStatuses, appStatuses);
  const status: PodStatus = {
    phase,
    ...(input.failure && !terminal ? input.failure : pod.status?.reason ? { reason: pod.status.reason, message: pod.status.message } : {}),
    conditions: withTransitionTimes(conditions(pod, phase, initStatuses, appStatuses), pod.status?.conditions, input.now),
    hostIP: input.hostIP,
    startTime: pod.status?.startTime ?? input.now,
    containerStatuses: appStatuses,
  };
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  return status;
}
