// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, with -o wide
// SUBOBJECT SOURCE between OBJECT and MESSAGE and FIRST SEEN COUNT NAME after.
import type { KubeObject } from '../types/meta.js';
import type { Event } from '../types/node.js';
import { timestampSince } from './duration.js';
import type { TableDefinition } from './table.js';

/** `component, host`, or just the component; the newer reporting fields fill gaps. */
export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** The first and last time an event was seen, as kubectl falls back between the old and new fields. */
export function eventTimes(e: Event, now: Date): { first: string; last: string; count: number } {
  const first = e.firstTimestamp ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime, now);
  const last = e.lastTimestamp ? timestampSince(e.lastTimestamp, now) : first;
  const count = e.count && e.count > 0 ? e.count : 1;
  return { first, last, count };
}

export function eventObject(e: Event): string {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
}

export const eventTable: TableDefinition = {
  columns: [
    { name: 'Last Seen', priority: 0, description: 'The time at which the most recent occurrence of this event was recorded.' },
    { name: 'Type', priority: 0, description: 'Type of this event (Normal, Warning), new types could be added in the future' },
    { name: 'Reason', priority: 0, description: 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.' },
    { name: 'Object', priority: 0, description: 'The object that this event is about.' },
    { name: 'Subobject', priority: 1, description: 'The part of the object this event is about, such as a container.' },
    { name: 'Source', priority: 1, description: 'The component reporting this event.' },
    { name: 'Message', priority: 0, description: 'A human-readable description of the status of this operation.' },
    { name: 'First Seen', priority: 1, description: 'The time at which the event was first recorded.' },
    { name: 'Count', priority: 1, description: 'The number of times this event has occurred.' },
    { name: 'Name', priority: 1, description: 'Name must be unique within a namespace.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const e = obj as Event;
    const times = eventTimes(e, now);
    return [
      times.last,
      e.type ?? '',
      e.reason ?? '',
      eventObject(e),
      e.involvedObject?.fieldPath ?? '',
      eventSource(e),
      (e.message ?? '').trim(),
      times.first,
      String(times.count),
      e.metadata.name ?? '',
    ];
  },
};
