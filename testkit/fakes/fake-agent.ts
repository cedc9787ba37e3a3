// Plays the scheduler and the agents for integration tests, without Docker:
// binds pending pods to its nodes round-robin, marks bound pods Running and
// Ready, and finishes graceful deletions at once. `readyWhen` holds pods back
// (a pod it rejects stays Running but not Ready).
import { isApiError } from '../../api/errors.js';
import type { Lease, Node, Pod } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import { runWorkers } from '../../client/run-workers.js';
import { WorkQueue } from '../../client/work-queue.js';
import { ItemExponentialRateLimiter } from '../../client/rate-limiters.js';
import { isPodReady } from '../../api/ready-conditions.js';
import { resources } from '../../api/resources.js';

export const FAKE_AGENT_WORKERS = 8;
/** How often the agent's nodes renew their Leases. */
export const FAKE_LEASE_RENEW_MS = 1_000;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Retry quickly: tests wait on this helper. */
const RETRY_BASE_MS = 20;
const RETRY_MAX_MS = 1_000;

export interface FakeAgentOptions {
  nodes: string[];
  namespace?: string;
  /** Bind pods that have no node (default true). */
  bind?: boolean;
  /** Pods for which this answers false stay not ready. Default: all become ready. */
  readyWhen?: (pod: Pod) => boolean;
  /** Renew a Lease per node in kube-node-lease (default true). */
  leases?: boolean;
}

export class FakeAgent {
  readonly informer: Informer<Pod>;
  private readonly client: ApiClient;
  private readonly queue: WorkQueue;
  private readonly opts: FakeAgentOptions;
  private nodes: string[];
  private next = 0;
  private workers: Promise<void> = Promise.resolve();
  private paused = false;
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(client: ApiClient, opts: FakeAgentOptions) {
    this.client = client;
    this.opts = opts;
    this.nodes = [...opts.nodes];
    this.queue = new WorkQueue({ name: 'fake-agent', rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: RETRY_BASE_MS, maxDelayMs: RETRY_MAX_MS }) });
    this.informer = new Informer<Pod>(client, resources.pods, opts.namespace ? { namespace: opts.namespace } : {});
    const enqueue = (pod: Pod): void => this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, p) => enqueue(p) });
  }

  /** Creates the nodes (Ready) and starts handling pods. */
  async start(): Promise<void> {
    for (const name of this.nodes) await createReadyNode(this.client, name);
    if (this.opts.leases !== false) {
      await this.renewLeases();
      this.leaseTimer = setInterval(() => void this.renewLeases().catch(() => undefined), FAKE_LEASE_RENEW_MS);
    }
    this.informer.start();
    await this.informer.waitForSync();
    this.workers = runWorkers(this.queue, FAKE_AGENT_WORKERS, (key) => this.reconcile(key));
  }

  /** While paused, pods are neither bound nor made ready (deletions still finish). */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) for (const pod of this.informer.store.list()) this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /** The nodes this agent serves: the others' leases stop being renewed and their pods are left alone. */
  setNodes(nodes: string[]): void {
    this.nodes = [...nodes];
  }

  async stop(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.queue.shutDown();
    await this.informer.stop();
    await this.workers;
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const pod = this.informer.store.get(namespace, name);
    if (!pod) return;
    try {
      if (pod.metadata.deletionTimestamp) {
        if (pod.spec.nodeName && this.nodes.includes(pod.spec.nodeName)) await this.client.delete(resources.pods, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        return;
      }
      if (this.paused) return;
      if (!pod.spec.nodeName) {
        if (this.opts.bind === false || this.nodes.length === 0) return;
        const node = this.nodes[this.next++ % this.nodes.length] as string;
        await this.client.bind(namespace, name, node);
        return;
      }
      if (!this.nodes.includes(pod.spec.nodeName)) return;
      const wantReady = this.opts.readyWhen ? this.opts.readyWhen(pod) : true;
      const isReady = isPodReady(pod);
      if (pod.status?.phase === 'Running' && isReady === wantReady) return;
      await this.client.updateStatus<Pod>(resources.pods, runningPod(pod, wantReady));
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      throw err;
    }
  }

  private async renewLeases(): Promise<void> {
    const now = new Date().toISOString();
    for (const name of this.nodes) {
      try {
        const lease = await this.client.get<Lease>(resources.leases, NODE_LEASE_NAMESPACE, name);
        await this.client.update<Lease>(resources.leases, { ...lease, spec: { ...lease.spec, renewTime: now } });
      } catch (err) {
        if (!isApiError(err, 'NotFound')) throw err;
        await this.client.create<Lease>(resources.leases, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: NODE_LEASE_NAMESPACE },
          spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now },
        });
      }
    }
  }
}

/** Pod addresses handed out so far: each pod gets its own, as Services' endpoints tell pods apart by it. */
let podIps = 0;
const ADDRESSES_PER_OCTET = 250;

function nextPodIp(): string {
  const n = podIps++;
  return `10.1.${Math.floor(n / ADDRESSES_PER_OCTET) % 256}.${(n % ADDRESSES_PER_OCTET) + 1}`;
}

export function runningPod(pod: Pod, ready: boolean): Pod {
  const now = new Date().toISOString();
  const next = structuredClone(pod) as Pod;
  const status = ready ? 'True' : 'False';
  next.status = {
    ...(next.status ?? {}),
    phase: 'Running',
    startTime: next.status?.startTime ?? now,
    hostIP: '10.0.0.1',
    podIP: next.status?.podIP || nextPodIp(),
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'ContainersReady', status, lastTransitionTime: now },
      { type: 'Ready', status, lastTransitionTime: now },
    ],
    containerStatuses: pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now } },
    })),
  };
  return next;
}

export async function createReadyNode(client: ApiClient, name: string, labels: Record<string, string> = {}): Promise<Node> {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
    status: {
      capacity: { cpu: '64', memory: '256Gi', pods: '5000' },
      allocatable: { cpu: '64', memory: '256Gi', pods: '5000' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString() }],
    },
  };
  try {
    return await client.create<Node>(resources.nodes, node);
  } catch (err) {
    if (isApiError(err, 'AlreadyExists')) return client.get<Node>(resources.nodes, '', name);
    throw err;
  }
}
