// Whether an exited container runs again, per the pod's restartPolicy.
import type { PodSpec } from '../../api/types/index.js';

export type RestartPolicy = NonNullable<PodSpec['restartPolicy']>;

export function restartPolicyOf(spec: PodSpec): RestartPolicy {
  return spec.restartPolicy ?? 'Always';
}

export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

/** Init containers never restart after success; Always counts as OnFailure for them. */
export function shouldRestartInit(policy: RestartPolicy, exitCode: number): boolean {
  return exitCode !== 0 && policy !== 'Never';
}
