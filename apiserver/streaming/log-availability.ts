// Whether a container has a log to show yet, from the status its agent last
// reported: the kubelet's answer for a container still being created.
import { badRequest } from '../../api/errors.js';
import type { Pod } from '../../api/types/index.js';

/** Throws kubelet's BadRequest when the container has never run; otherwise leaves the question to the agent. */
export function assertLogsAvailable(pod: Pod, container: string, previous: boolean): void {
  if (previous) return;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const status = statuses.find((s) => s.name === container);
  if (!status?.state?.waiting || status.lastState?.terminated) return;
  const podName = pod.metadata.name ?? '';
  const reason = status.state.waiting.reason;
  if (reason) throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}
