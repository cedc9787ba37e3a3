// What a failed forwarded connection tells the client on its error stream:
// the kubelet's words (`error forwarding port 81 to pod web, uid ...: ...`),
// which the agent already uses; other failures (the agent unreachable, the
// pod gone) get them around their own message.
import type { Pod } from '../../../api/types/index.js';

const KUBELET_PREFIX = 'error forwarding port ';

export function forwardingFailure(port: number, pod: Pod, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith(KUBELET_PREFIX)) return message;
  return `${KUBELET_PREFIX}${port} to pod ${pod.metadata.name ?? ''}, uid ${pod.metadata.uid ?? ''}: ${message}`;
}
