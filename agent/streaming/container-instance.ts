// Which Docker container a streaming request (logs, exec, attach) means: the
// pod's container by name, its newest instance or the one before.
import { badRequest, notFound } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Pod } from '../../api/types/index.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';

export interface PodLookup {
  findPod(namespace: string, name: string): Pod | undefined;
}

/** The pod this agent runs, or NotFound. */
export function podOf(lookup: PodLookup, namespace: string, name: string): Pod {
  const pod = lookup.findPod(namespace, name);
  if (!pod) throw notFound(resources.pods.plural, name);
  return pod;
}

function pickContainerName(pod: Pod, requested: string | undefined): string {
  const names = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!names.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  if (pod.spec.containers.length === 1) return pod.spec.containers[0].name;
  throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
}

export async function findInstance(runtime: DockerRuntime, lookup: PodLookup, ns: string, podName: string, container: string | undefined, previous: boolean): Promise<RuntimeContainer> {
  const pod = podOf(lookup, ns, podName);
  const name = pickContainerName(pod, container);
  const instances = (await runtime.podContainers(pod.metadata.uid ?? ''))
    .filter((c) => c.containerName === name && c.kind !== 'sandbox')
    .sort((a, b) => b.restartCount - a.restartCount);
  const instance = previous ? instances[1] : instances[0];
  if (!instance) {
    const what = previous ? 'previous terminated container' : 'container';
    throw badRequest(`${what} "${name}" in pod "${podName}" not found`);
  }
  return instance;
}

/** The newest instance of the container, which must be running (exec and attach reach only a live process). */
export async function runningInstance(runtime: DockerRuntime, lookup: PodLookup, ns: string, podName: string, container: string | undefined): Promise<RuntimeContainer> {
  const instance = await findInstance(runtime, lookup, ns, podName, container, false);
  if (instance.state !== 'running') throw badRequest(`container ${instance.containerName} is not running`);
  return instance;
}
