// Which container of a pod a logs or exec request means, with Kubernetes'
// rules and messages.
import { badRequest } from '../../api/errors.js';
import type { Pod } from '../../api/types/index.js';

/** Names the container to use when a request names none (set by users and tools, read by kubectl). */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

function namesOf(containers: readonly { name: string }[] | undefined): string[] {
  return (containers ?? []).map((c) => c.name);
}

export function chooseContainer(pod: Pod, requested: string | undefined): string {
  const podName = pod.metadata.name ?? '';
  const appNames = namesOf(pod.spec?.containers);
  const initNames = namesOf(pod.spec?.initContainers);
  if (requested) {
    if (!appNames.includes(requested) && !initNames.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    }
    return requested;
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && (appNames.includes(annotated) || initNames.includes(annotated))) return annotated;
  if (appNames.length === 1) return appNames[0];
  if (appNames.length === 0) throw badRequest(`pod ${podName} does not have a container`);
  let message = `a container name must be specified for pod ${podName}, choose one of: [${appNames.join(' ')}]`;
  if (initNames.length > 0) message += ` or one of the init containers: [${initNames.join(' ')}]`;
  throw badRequest(message);
}
