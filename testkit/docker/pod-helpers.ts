// Small helpers the agent e2e tests share: pod manifests and waiting on status.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import type { Container, Event, Pod, PodSpec } from '../../api/types/index.js';
import type { ApiClient, WatchStream } from '../../client/api-client.js';
import { waitFor } from '../processes/child-process.js';
import { TEST_BUSYBOX_IMAGE, TEST_NGINX_IMAGE, TEST_PAUSE_IMAGE } from '../processes/agent-process.js';
import { resources } from '../../api/resources.js';

export const POD_WAIT_TIMEOUT_MS = 60_000;
export const POLL_INTERVAL_MS = 200;
const BUILD_SCRIPT = fileURLToPath(new URL('../../../deploy/images/build.sh', import.meta.url));

export async function dockerAvailable(): Promise<boolean> {
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

/** Set to 1 (deploy/test.sh, CI) to make a missing engine fail the Docker suites instead of skipping them. */
export const REQUIRE_DOCKER_ENV = 'FLOTILLA_REQUIRE_DOCKER';
const NO_ENGINE = 'the Docker engine does not answer';

/** Why a Docker suite skips, or false when it runs: it never skips where the engine is required. */
export async function dockerSkipReason(): Promise<string | false> {
  if (process.env[REQUIRE_DOCKER_ENV] === '1' || (await dockerAvailable())) return false;
  return NO_ENGINE;
}

/** Builds the offline images the tests run when any is missing (idempotent and quick otherwise). */
export async function ensureTestImages(): Promise<void> {
  const docker = new Docker();
  for (const image of [TEST_PAUSE_IMAGE, TEST_BUSYBOX_IMAGE, TEST_NGINX_IMAGE]) {
    const present = await docker.getImage(image).inspect().then(() => true, () => false);
    if (!present) {
      execFileSync(BUILD_SCRIPT, [], { stdio: 'inherit' });
      return;
    }
  }
}

export function podManifest(name: string, node: string, spec: Partial<PodSpec> & { containers: Container[] }, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName: node, terminationGracePeriodSeconds: 2, ...spec } };
}

export function busybox(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image: TEST_BUSYBOX_IMAGE, command: ['sh', '-c', script], ...extra };
}

/** One line per container: name, restarts, state and reason, for failure messages. */
export function describeContainers(pod: Pod | undefined): string {
  const statuses = [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])];
  const lines = statuses.map((c) => {
    const [state, detail] = Object.entries(c.state ?? {})[0] ?? ['unknown', {}];
    const reason = (detail as { reason?: string }).reason ?? '';
    return `${c.name}: restarts=${c.restartCount} ready=${c.ready} ${state}${reason ? ` (${reason})` : ''}`;
  });
  return `phase=${pod?.status?.phase ?? '?'}; ${lines.join('; ')}`;
}

export async function waitForPod(client: ApiClient, name: string, what: string, predicate: (pod: Pod) => boolean, timeoutMs = POD_WAIT_TIMEOUT_MS, namespace = 'default'): Promise<Pod> {
  let last: Pod | undefined;
  try {
    return await waitFor(
      `pod ${name}: ${what}`,
      async () => {
        last = await client.get<Pod>(resources.pods, namespace, name);
        return predicate(last) ? last : undefined;
      },
      timeoutMs,
      POLL_INTERVAL_MS,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${describeContainers(last)}`);
  }
}

export async function waitForPodGone(client: ApiClient, name: string, timeoutMs = POD_WAIT_TIMEOUT_MS, namespace = 'default'): Promise<void> {
  await waitFor(
    `pod ${name} to be removed`,
    async () => {
      try {
        await client.get<Pod>(resources.pods, namespace, name);
        return false;
      } catch (err) {
        if ((err as { reason?: string }).reason === 'NotFound') return true;
        throw err;
      }
    },
    timeoutMs,
    POLL_INTERVAL_MS,
  );
}

export { isPodReady as isReady } from '../../api/ready-conditions.js';

export function containerStatus(pod: Pod, name: string) {
  return pod.status?.containerStatuses?.find((c) => c.name === name);
}

export async function podEvents(client: ApiClient, pod: Pod): Promise<Event[]> {
  const list = await client.list<Event>(resources.events, { namespace: pod.metadata.namespace });
  return list.items.filter((e) => e.involvedObject.uid === pod.metadata.uid || e.involvedObject.name === pod.metadata.name);
}

/** The label of the agent's pool sandboxes, which keep it when a pod claims one (Docker cannot relabel). */
const SANDBOX_POOL_LABEL = 'io.flotilla.sandbox-pool';
/** The name prefix of a pool sandbox no pod has claimed yet. */
const WAITING_POOL_NAME_PREFIX = '/flpool_';
/** Refilling a pool of tens of pause containers on a loaded 2-core machine. */
export const POOL_FILL_TIMEOUT_MS = 120_000;

/** The ids of `node`'s waiting pool sandboxes, once there are at least `size` of them. */
export function fullPool(docker: Docker, node: string, size: number, timeoutMs = POOL_FILL_TIMEOUT_MS): Promise<string[]> {
  return waitFor(
    `the sandbox pool of ${node} to hold ${size}`,
    async () => {
      const list = await docker.listContainers({ filters: { label: [`${SANDBOX_POOL_LABEL}=${node}`] } });
      const waiting = list.filter((c) => c.Names.some((n) => n.startsWith(WAITING_POOL_NAME_PREFIX)));
      return waiting.length >= size ? waiting.map((c) => c.Id) : undefined;
    },
    timeoutMs,
    POLL_INTERVAL_MS,
  );
}

/**
 * Every container of the pod: those labelled with its uid, and a pool sandbox
 * it claimed, which carries the pool's labels and the pod's uid in its name.
 */
export async function dockerContainersOfPod(uid: string): Promise<Docker.ContainerInfo[]> {
  const docker = new Docker();
  const [labelled, pool] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [`io.flotilla.pod-uid=${uid}`] } }),
    docker.listContainers({ all: true, filters: { label: [SANDBOX_POOL_LABEL] } }),
  ]);
  return [...labelled, ...pool.filter((c) => c.Names.some((name) => name.includes(`_${uid}_`)))];
}

export interface Observation {
  at: number;
  pod: Pod;
}

/** Records every version of every pod a watch delivers, with when it arrived. */
export class PodHistory {
  private readonly seen = new Map<string, Observation[]>();
  private readonly stream: WatchStream<Pod>;
  private readonly done: Promise<void>;

  constructor(client: ApiClient, namespace = 'default') {
    const stream = client.watch<Pod>(resources.pods, { namespace });
    this.stream = stream;
    this.done = (async () => {
      try {
        for await (const ev of stream) {
          const name = ev.object.metadata.name ?? '';
          this.seen.set(name, [...(this.seen.get(name) ?? []), { at: Date.now(), pod: ev.object }]);
        }
      } catch {
        // The watch ends with the control plane; what was seen stays.
      }
    })();
  }

  of(name: string): Observation[] {
    return this.seen.get(name) ?? [];
  }

  async stop(): Promise<void> {
    this.stream.cancel();
    await this.done;
  }
}
