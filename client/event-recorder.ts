// Records v1 Events about objects, as client-go's record.EventRecorder: the
// correlator (event-correlator.ts) decides whether an event creates an Event,
// bumps the count of one written before, or is dropped as spam; the writes go
// out on a few parallel lanes, each in order, so a bump never overtakes its
// create. Recording is fire-and-forget: a component must never fail because an
// event could not be written.
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import type { Event, KubeObject, ObjectReference } from '../api/types/index.js';
import type { ApiClient } from './api-client.js';
import { EventCorrelator, eventOf, type EventInput } from './event-correlator.js';
import { silentLogger } from './silent-logger.js';

/** Writes waiting for the apiserver; beyond this, new events are dropped (and counted). */
export const MAX_PENDING_EVENT_WRITES = 1_000;
/** Writes in flight at once; one lane per event name keeps each Event's writes in order. */
export const EVENT_WRITE_LANES = 4;
/** Dropped events are reported in one log line at most this often, not one line each. */
export const DROPPED_EVENTS_LOG_INTERVAL_MS = 10_000;
/** Where events about cluster-scoped objects (nodes, namespaces) go. */
export const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

export type EventType = EventInput['type'];

export interface EventSource {
  component: string;
  host?: string;
}

type Write = { op: 'create' | 'bump'; event: Event };

export class EventRecorder {
  private readonly client: ApiClient;
  private readonly source: EventSource;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly correlator: EventCorrelator;
  private readonly lanes: Promise<void>[] = Array.from({ length: EVENT_WRITE_LANES }, () => Promise.resolve());
  private pending = 0;
  private dropped = { spam: 0, overflow: 0, reportedMs: Number.NEGATIVE_INFINITY };

  constructor(client: ApiClient, source: EventSource, logger?: Logger, now: () => number = Date.now) {
    this.client = client;
    this.source = { ...source };
    this.logger = (logger ?? silentLogger()).child({ eventSource: source.component });
    this.now = now;
    this.correlator = new EventCorrelator(
      { name: (involved, nowMs) => `${involved.name || 'unnamed'}.${uniqueSuffix(nowMs)}`, namespace: (involved) => involved.namespace || CLUSTER_SCOPED_EVENT_NAMESPACE },
      now,
    );
  }

  /** Records an event about `obj`. Never throws; the write happens in the background. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      this.record({ source: this.source, involved: referenceTo(obj), type, reason, message });
    } catch (err) {
      this.logger.error({ err, reason }, 'could not record event');
    }
  }

  /** Resolves when every write asked for so far has finished (or failed and been logged). */
  async flush(): Promise<void> {
    await Promise.all(this.lanes);
  }

  private record(input: EventInput): void {
    const result = this.correlator.correlate(input);
    if (!result) {
      this.drop('spam', input.reason);
      return;
    }
    this.enqueue({ op: result.op, event: eventOf(input, result, this.now()) });
  }

  private drop(why: 'spam' | 'overflow', reason: string): void {
    this.dropped[why]++;
    const nowMs = this.now();
    if (nowMs - this.dropped.reportedMs < DROPPED_EVENTS_LOG_INTERVAL_MS) return;
    const { spam, overflow } = this.dropped;
    this.logger.warn({ spam, overflow, lastReason: reason, pendingLimit: MAX_PENDING_EVENT_WRITES }, 'events dropped (spam filter, or too many writes pending) since the last report');
    this.dropped = { spam: 0, overflow: 0, reportedMs: nowMs };
  }

  private enqueue(write: Write): void {
    if (this.pending >= MAX_PENDING_EVENT_WRITES) {
      this.drop('overflow', write.event.reason ?? '');
      return;
    }
    this.pending++;
    const lane = laneOf(write.event.metadata.name ?? '');
    this.lanes[lane] = this.lanes[lane].then(async () => {
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

function laneOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return hash % EVENT_WRITE_LANES;
}

function referenceTo(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

/**
 * client-go names events `<object>.<UnixNano in hex>`; with only milliseconds
 * here, random low digits keep two recorders in one millisecond apart.
 */
function uniqueSuffix(nowMs: number): string {
  return (BigInt(nowMs) * 1_000_000n + BigInt(randomInt(1_000_000))).toString(16);
}
