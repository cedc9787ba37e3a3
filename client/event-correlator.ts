// Decides what an event turns into before anything is written, as client-go's
// EventCorrelator: similar events (same source, object, type and reason) with
// many different messages are combined into one; an exact repeat bumps the count
// of the Event it repeats; and a token bucket per source, object and event keeps
// a flapping object from flooding the apiserver (a burst, then one per interval).
import type { Event, ObjectReference } from '../api/types/index.js';

/** Distinct keys each cache remembers; the least recently used are forgotten first. */
export const EVENT_CACHE_SIZE = 4096;
/** A repeat later than this after the last occurrence starts a new Event. */
export const EVENT_AGGREGATION_WINDOW_MS = 10 * 60_000;
/** Distinct messages of one similar-event group within the window before they are combined. */
export const SIMILAR_EVENTS_THRESHOLD = 10;
export const COMBINED_MESSAGE_PREFIX = '(combined from similar events): ';
/** Events one source may write about one object at once before the bucket runs dry (client-go's default). */
export const SPAM_BURST = 25;
/** One more event per this long once the burst is spent (client-go: 1/300 per second). */
export const SPAM_REFILL_INTERVAL_MS = 5 * 60_000;

export interface EventInput {
  source: { component: string; host?: string };
  involved: ObjectReference;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface CorrelatedEvent {
  /** create a new Event, or bump the count of one written before under this name. */
  op: 'create' | 'bump';
  name: string;
  namespace: string;
  message: string;
  count: number;
  firstTimestampMs: number;
}

/** A Map kept in recency order, trimmed from the front. */
class LruMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
}

interface SimilarGroup {
  messages: Set<string>;
  lastSeenMs: number;
}

interface Logged {
  name: string;
  namespace: string;
  count: number;
  firstTimestampMs: number;
  lastSeenMs: number;
}

interface Bucket {
  tokens: number;
  refilledMs: number;
}

function objectKey(input: EventInput): string[] {
  const o = input.involved;
  return [input.source.component, input.source.host ?? '', o.apiVersion ?? '', o.kind ?? '', o.namespace ?? '', o.name ?? '', o.uid ?? ''];
}

export interface EventNaming {
  /** The name of a new Event about the object (client-go: `<object>.<unique suffix>`). */
  name(involved: ObjectReference, nowMs: number): string;
  namespace(involved: ObjectReference): string;
}

export class EventCorrelator {
  private readonly similar = new LruMap<SimilarGroup>(EVENT_CACHE_SIZE);
  private readonly logged = new LruMap<Logged>(EVENT_CACHE_SIZE);
  private readonly buckets = new LruMap<Bucket>(EVENT_CACHE_SIZE);

  constructor(
    private readonly naming: EventNaming,
    private readonly now: () => number,
  ) {}

  /** What to write for this event, or undefined when the spam filter drops it. */
  correlate(input: EventInput): CorrelatedEvent | undefined {
    const nowMs = this.now();
    const { message, dedupKey } = this.aggregate(input, nowMs);
    const previous = this.logged.get(dedupKey);
    const repeat = previous !== undefined && nowMs - previous.lastSeenMs <= EVENT_AGGREGATION_WINDOW_MS;
    const entry: Logged = repeat
      ? { ...previous, count: previous.count + 1, lastSeenMs: nowMs }
      : { name: this.naming.name(input.involved, nowMs), namespace: this.naming.namespace(input.involved), count: 1, firstTimestampMs: nowMs, lastSeenMs: nowMs };
    // Counted even when the filter drops it, so the next write that goes out carries the true count.
    this.logged.set(dedupKey, entry);
    if (!this.allow(JSON.stringify([...objectKey(input), input.type, input.reason, message]), nowMs)) return undefined;
    return { op: repeat ? 'bump' : 'create', name: entry.name, namespace: entry.namespace, message, count: entry.count, firstTimestampMs: entry.firstTimestampMs };
  }

  /** The message to write and the key exact repeats share: once a group is large, one key for all its messages. */
  private aggregate(input: EventInput, nowMs: number): { message: string; dedupKey: string } {
    const groupKey = [...objectKey(input), input.type, input.reason];
    const key = JSON.stringify(groupKey);
    const known = this.similar.get(key);
    const group: SimilarGroup = known && nowMs - known.lastSeenMs <= EVENT_AGGREGATION_WINDOW_MS ? known : { messages: new Set(), lastSeenMs: nowMs };
    group.messages.add(input.message);
    group.lastSeenMs = nowMs;
    this.similar.set(key, group);
    if (group.messages.size < SIMILAR_EVENTS_THRESHOLD) return { message: input.message, dedupKey: JSON.stringify([...groupKey, input.message]) };
    return { message: `${COMBINED_MESSAGE_PREFIX}${input.message}`, dedupKey: JSON.stringify([...groupKey, COMBINED_MESSAGE_PREFIX]) };
  }

  private allow(key: string, nowMs: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, refilledMs: nowMs };
    const earned = Math.floor((nowMs - bucket.refilledMs) / SPAM_REFILL_INTERVAL_MS);
    const next: Bucket =
      earned > 0 ? { tokens: Math.min(SPAM_BURST, bucket.tokens + earned), refilledMs: bucket.refilledMs + earned * SPAM_REFILL_INTERVAL_MS } : { ...bucket };
    if (next.tokens >= SPAM_BURST) next.refilledMs = nowMs;
    const allowed = next.tokens > 0;
    if (allowed) next.tokens -= 1;
    this.buckets.set(key, next);
    return allowed;
  }
}

/** The Event a correlation result stands for, stamped with the recorder's source. */
export function eventOf(input: EventInput, result: CorrelatedEvent, nowMs: number): Event {
  const source = input.source.host ? { component: input.source.component, host: input.source.host } : { component: input.source.component };
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: result.name, namespace: result.namespace },
    involvedObject: input.involved,
    reason: input.reason,
    message: result.message,
    type: input.type,
    source,
    firstTimestamp: rfc3339(result.firstTimestampMs),
    lastTimestamp: rfc3339(nowMs),
    count: result.count,
    reportingComponent: input.source.component,
    reportingInstance: input.source.host ?? '',
  };
}

/** Kubernetes metav1.Time: RFC 3339 to the second. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
