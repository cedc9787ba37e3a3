// Watches pods in a namespace and keeps running tallies, so tests can assert
// what held "at any watched moment" (e.g. never more than replicas + maxSurge).
import type { Pod, WatchEvent } from '../../api/types/index.js';
import type { ApiClient, WatchStream } from '../../client/api-client.js';
import { isReady } from './workloads.js';
import { resources } from '../../api/resources.js';

export interface PodTally {
  live: number;
  ready: number;
  /** Live pods per pod-template-hash label. */
  byHash: Map<string, number>;
}

export class PodWatch {
  readonly created = new Set<string>();
  /** Names of every pod ever added, per pod-template-hash label. */
  readonly createdByHash = new Map<string, Set<string>>();
  private readonly pods = new Map<string, Pod>();
  private readonly stream: WatchStream<Pod>;
  private readonly done: Promise<void>;
  private readonly observers: ((t: PodTally) => void)[] = [];

  constructor(client: ApiClient, namespace: string, labelSelector: string) {
    const stream = client.watch<Pod>(resources.pods, { namespace, labelSelector });
    this.stream = stream;
    this.done = (async () => {
      for await (const ev of stream as AsyncIterable<WatchEvent<Pod>>) this.apply(ev);
    })().catch(() => undefined);
  }

  /** Calls `fn` with the tally after every event. */
  onChange(fn: (t: PodTally) => void): void {
    this.observers.push(fn);
  }

  tally(): PodTally {
    const byHash = new Map<string, number>();
    let live = 0;
    let ready = 0;
    for (const pod of this.pods.values()) {
      if (pod.metadata.deletionTimestamp) continue;
      live++;
      if (isReady(pod)) ready++;
      const hash = pod.metadata.labels?.['pod-template-hash'] ?? '';
      byHash.set(hash, (byHash.get(hash) ?? 0) + 1);
    }
    return { live, ready, byHash };
  }

  async stop(): Promise<void> {
    this.stream.cancel();
    await this.done;
  }

  private apply(ev: WatchEvent<Pod>): void {
    const name = ev.object.metadata.name ?? '';
    if (ev.type === 'ADDED') {
      this.created.add(name);
      const hash = ev.object.metadata.labels?.['pod-template-hash'] ?? '';
      const names = this.createdByHash.get(hash) ?? new Set<string>();
      names.add(name);
      this.createdByHash.set(hash, names);
    }
    if (ev.type === 'DELETED') this.pods.delete(name);
    else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.pods.set(name, ev.object);
    else return;
    const t = this.tally();
    for (const fn of this.observers) fn(t);
  }
}
