// Records v1 Events about objects, as client-go's record.EventRecorder: the
// same event repeated (same object, type, reason, message) within a window
// bumps count and lastTimestamp on one Event instead of creating another.
// Recording is fire-and-forget: a component must never fail because an event
// could not be written.
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import type { Event, KubeObject, ObjectReference } from '../api/types/index.js';
import type { ApiClient } from './api-client.js';
import { silentLogger } from './silent-logger.js';

/** Distinct events remembered for aggregation; the least recently seen are forgotten first. */
export const EVENT_CACHE_SIZE = 4096;
/** A repeat later than this after the last occurrence starts a new Event. */
export const EVENT_AGGREGATION_WINDOW_MS = 10 * 60_000;
/** Writes waiting for the apiserver; beyond this, new events are dropped (and logged). */
export const MAX_PENDING_EVENT_WRITES = 1_000;
/** Where events about cluster-scoped objects (nodes, namespaces) go. */
export const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

interface CachedEvent {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
}

type Write = { op: 'create'; event: Event } | { op: 'bump'; event: Event };

export class EventRecorder {
  private readonly client: ApiClient;
  private readonly source: EventSource;
  private readonly logger: Logger;
  /** Map order is recency order: a hit is moved to the end, eviction takes the front. */
  private readonly seen = new Map<string, CachedEvent>();
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(client: ApiClient, source: EventSource, logger?: Logger) {
    this.client = client;
    this.source = { ...source };
    this.logger = (logger ?? silentLogger()).child({ eventSource: source.component });
  }

  /** Records an event about `obj`. Never throws; the write happens in the background. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      this.record(obj, type, reason, message);
    } catch (err) {
      this.logger.error({ err, reason }, 'could not record event');
    }
  }

  /** Resolves when every write asked for so far has finished (or failed and been logged). */
  flush(): Promise<void> {
    return this.tail;
  }

  private record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const nowMs = Date.now();
    const now = rfc3339(nowMs);
    const involved = referenceTo(obj);
    const correlation = JSON.stringify([
      this.source.component,
      this.source.host ?? '',
      involved.apiVersion,
      involved.kind,
      involved.namespace ?? '',
      involved.name,
      involved.uid ?? '',
      type,
      reason,
      message,
    ]);
    const previous = this.seen.get(correlation);
    if (previous) this.seen.delete(correlation);
    const repeat = previous !== undefined && nowMs - previous.lastSeenMs <= EVENT_AGGREGATION_WINDOW_MS;
    const entry: CachedEvent = repeat
      ? { ...previous, count: previous.count + 1, lastSeenMs: nowMs }
      : {
          name: `${obj.metadata.name ?? 'unnamed'}.${uniqueSuffix(nowMs)}`,
          namespace: obj.metadata.namespace || CLUSTER_SCOPED_EVENT_NAMESPACE,
          count: 1,
          firstTimestamp: now,
          lastSeenMs: nowMs,
        };
    this.seen.set(correlation, entry);
    while (this.seen.size > EVENT_CACHE_SIZE) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject: involved,
      reason,
      message,
      type,
      source: this.source.host ? { component: this.source.component, host: this.source.host } : { component: this.source.component },
      firstTimestamp: entry.firstTimestamp,
      lastTimestamp: now,
      count: entry.count,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    this.enqueue(repeat ? { op: 'bump', event } : { op: 'create', event });
  }

  /** Writes go out one at a time, in order, so a bump never overtakes its create. */
  private enqueue(write: Write): void {
    if (this.pending >= MAX_PENDING_EVENT_WRITES) {
      this.logger.warn({ reason: write.event.reason, limit: MAX_PENDING_EVENT_WRITES }, 'too many event writes pending; dropping event');
      return;
    }
    this.pending++;
    this.tail = this.tail.then(async () => {
      try {
        await this.write(write);
      } catch (err) {
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err), event: write.event.metadata.name, reason: write.event.reason },
          'could not write event',
        );
      } finally {
        this.pending--;
      }
    });
  }

  private async write(write: Write): Promise<void> {
    const { event } = write;
    if (write.op === 'create') {
      await this.client.create(resources.events, event);
      return;
    }
    try {
      await this.client.patch(resources.events, event.metadata.namespace ?? '', event.metadata.name ?? '', 'merge', {
        count: event.count,
        lastTimestamp: event.lastTimestamp,
        message: event.message,
      });
    } catch (err) {
      // The first write failed or the event has expired (events live an hour):
      // write it whole, carrying the count so far.
      if (!isApiError(err, 'NotFound')) throw err;
      await this.client.create(resources.events, event);
    }
  }
}

function referenceTo(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

/** Kubernetes metav1.Time: RFC 3339 to the second. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * client-go names events `<object>.<UnixNano in hex>`; with only milliseconds
 * here, random low digits keep two recorders in one millisecond apart.
 */
function uniqueSuffix(nowMs: number): string {
  return (BigInt(nowMs) * 1_000_000n + BigInt(randomInt(1_000_000))).toString(16);
}
