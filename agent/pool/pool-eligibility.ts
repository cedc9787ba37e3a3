// Which pods may start in a warm pool sandbox. A pool sandbox was created
// before its pod, so it carries nothing of the pod: a pod that needs any
// pod-specific setting on its sandbox takes a fresh one.
import type { Pod } from '../../api/types/index.js';

/** Why a pod takes a fresh sandbox instead of a pooled one. */
export type PoolIneligibleReason =
  /** The sandbox would use the host's network namespace instead of one on the pod network. */
  | 'HostNetwork'
  /** Ports are published on the sandbox at its creation. */
  | 'HostPorts'
  /** The sandbox would join the host's IPC namespace. */
  | 'HostIPC'
  /** The sandbox would join the host's PID namespace. */
  | 'HostPID'
  /** Namespaced sysctls belong to the sandbox's namespaces, set when it is created. */
  | 'Sysctls'
  /** No static busybox on the host: the hostname shim cannot run in the pod's containers. */
  | 'NoHostnameShim';

function hasHostPort(pod: Pod): boolean {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].some((c) => (c.ports ?? []).some((p) => (p.hostPort ?? 0) > 0));
}

/** The pod's securityContext is kept as the manifest gave it: read only the list of sysctls. */
function sysctlCount(pod: Pod): number {
  const context = pod.spec.securityContext as { sysctls?: unknown } | undefined;
  return Array.isArray(context?.sysctls) ? context.sysctls.length : 0;
}

/** Undefined when a pooled sandbox gives the pod everything a fresh one would. */
export function poolIneligibility(pod: Pod, shimAvailable: boolean): PoolIneligibleReason | undefined {
  const spec = pod.spec;
  if (spec.hostNetwork === true) return 'HostNetwork';
  if (hasHostPort(pod)) return 'HostPorts';
  if (spec.hostIPC === true) return 'HostIPC';
  if (spec.hostPID === true) return 'HostPID';
  if (sysctlCount(pod) > 0) return 'Sysctls';
  if (!shimAvailable) return 'NoHostnameShim';
  return undefined;
}
