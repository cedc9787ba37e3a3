// Watches the pods bound to this node, keeps one worker per pod, and turns
// Docker events and a periodic relist into syncs. Containers and pod
// directories that belong to no known pod are removed.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/types/index.js';
import { Informer } from '../../client/informer.js';
import { stripManagedFields } from '../../client/strip-managed-fields.js';
import { every, sleep, type CancelTimer } from '../clock.js';
import { DOCKER_EVENTS_RECONNECT_MS, ORPHAN_GRACE_PERIOD_SECONDS, ORPHAN_SWEEP_PERIOD_MS, POD_RESYNC_PERIOD_MS } from '../timing.js';
import { PodWorker } from './pod-worker.js';
import { tearDownPodDir } from './volumes.js';
import type { PodWorkerDeps } from './worker-deps.js';
import type { ContainerEventStream } from '../runtime/runtime-types.js';
import { resources } from '../../api/resources.js';

export class PodManager {
  private readonly workers = new Map<string, PodWorker>();
  private readonly informer: Informer<Pod>;
  private stopResync: CancelTimer = () => undefined;
  private stopSweep: CancelTimer = () => undefined;
  private events: ContainerEventStream | undefined;
  private stopped = false;

  constructor(private readonly deps: PodWorkerDeps) {
    this.informer = new Informer(deps.client, resources.pods, { fieldSelector: `spec.nodeName=${deps.node}`, transform: stripManagedFields }, deps.logger);
  }

  /** Workers by pod uid (read-only view, for the streaming server). */
  podByUid(uid: string): Pod | undefined {
    return this.workers.get(uid)?.current;
  }

  findPod(namespace: string, name: string): Pod | undefined {
    return this.informer.store.get(namespace, name);
  }

  podCount(): number {
    return this.workers.size;
  }

  hasSynced(): boolean {
    return this.informer.hasSynced();
  }

  async start(syncTimeoutMs: number): Promise<void> {
    this.informer.addEventHandler({
      onAdd: (pod) => this.upsert(pod),
      onUpdate: (_old, pod) => this.upsert(pod),
      onDelete: (pod) => this.workers.get(pod.metadata.uid ?? '')?.podGone(),
    });
    this.informer.start();
    await this.informer.waitForSync(syncTimeoutMs);
    await this.sweepOrphans();
    void this.watchDockerEvents();
    this.stopResync = every(this.deps.clock, POD_RESYNC_PERIOD_MS, () => this.resyncAll());
    this.stopSweep = every(this.deps.clock, ORPHAN_SWEEP_PERIOD_MS, () => void this.sweepOrphans().catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'orphan sweep failed')));
  }

  /** Stops watching; containers keep running for the next agent to adopt. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopResync();
    this.stopSweep();
    this.events?.close();
    await this.informer.stop();
    for (const w of this.workers.values()) w.shutdown();
    await Promise.all([...this.workers.values()].map((w) => w.whenIdle()));
  }

  private upsert(pod: Pod): void {
    if (this.stopped || pod.spec.nodeName !== this.deps.node) return;
    const uid = pod.metadata.uid ?? '';
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    // A pod recreated under the same name is a new pod: the old one is gone.
    for (const w of this.workers.values()) {
      const p = w.current;
      if (p.metadata.namespace === pod.metadata.namespace && p.metadata.name === pod.metadata.name) w.podGone();
    }
    const worker = new PodWorker(pod, this.deps, (done) => this.workers.delete(done));
    this.workers.set(uid, worker);
    worker.requestSync();
  }

  private resyncAll(): void {
    for (const w of this.workers.values()) w.requestSync();
  }

  private knownUids(): Set<string> {
    const uids = new Set(this.workers.keys());
    for (const pod of this.informer.store.list()) uids.add(pod.metadata.uid ?? '');
    return uids;
  }

  /** Removes containers and pod directories whose pod no longer exists. */
  async sweepOrphans(): Promise<void> {
    if (!this.informer.hasSynced()) return;
    // Look at Docker and the disk first: anything created after this belongs to a worker
    // that exists by the time the known pods are read, so a starting pod is never swept.
    const containers = await this.deps.runtime.listSummaries();
    const dirs = await readdir(join(this.deps.stateDir, 'pods')).catch(() => [] as string[]);
    const known = this.knownUids();
    const orphans = containers.filter((c) => !known.has(c.podUid));
    await Promise.all(
      orphans.map(async (c) => {
        this.deps.logger.info({ container: c.id.slice(0, 12), podUid: c.podUid }, 'removing container of a pod that no longer exists');
        if (c.running) await this.deps.runtime.stop(c.id, ORPHAN_GRACE_PERIOD_SECONDS);
        await this.deps.runtime.remove(c.id);
      }),
    );
    for (const uid of dirs) if (!known.has(uid)) await tearDownPodDir(this.deps.stateDir, uid);
  }

  private async watchDockerEvents(): Promise<void> {
    while (!this.stopped) {
      try {
        const events = await this.deps.runtime.events((event) => {
          if (event.podUid) this.workers.get(event.podUid)?.requestSync();
        });
        this.events = events;
        // stop() may have come while the stream was opening.
        if (this.stopped) events.close();
        await events.ended;
      } catch (err) {
        this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'docker event stream failed');
      }
      if (!this.stopped) await sleep(this.deps.clock, DOCKER_EVENTS_RECONNECT_MS);
    }
  }
}
