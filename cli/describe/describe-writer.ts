// kubectl describe's building blocks: indented, tab-separated lines aligned
// at the end like Go's tabwriter, plus the shared sections (labels,
// annotations, events) and the RFC 1123 timestamps describe prints.
import { timestampSince } from '../../api/tables/duration.js';
import type { Event } from '../../api/types/node.js';
import { alignTabs, DESCRIBE_LAYOUT } from '../tabwriter.js';

const LEVEL_INDENT = '  ';
/** Longer annotation values are shortened, as kubectl does. */
const MAX_ANNOTATION_LENGTH = 140;
/** describe does not repeat the whole manifest that apply stored. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class DescribeWriter {
  private text = '';

  /** Writes `text` at an indent level (0, 1, 2, 3: two spaces each). */
  write(level: number, text: string): void {
    this.text += LEVEL_INDENT.repeat(level) + text;
  }

  line(level: number, text: string): void {
    this.write(level, `${text}\n`);
  }

  toString(): string {
    return alignTabs(this.text, DESCRIBE_LAYOUT);
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Go's time.RFC1123Z in local time: `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function rfc1123z(timestamp: string | undefined | null): string {
  if (!timestamp) return '<unset>';
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp;
  const offsetMinutes = -d.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${pad2(Math.trunc(abs / 60))}${pad2(abs % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone}`;
}

/** `Title:  k=v` with further pairs on their own lines, sorted; `<none>` when empty. */
export function writeLabels(w: DescribeWriter, title: string, labels: Record<string, string> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.line(0, `${title}:\t<none>`);
    return;
  }
  keys.forEach((key, i) => {
    w.line(0, `${i === 0 ? `${title}:` : ''}\t${key}=${labels![key]}`);
  });
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export function writeAnnotations(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined): void {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIPPED_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) {
    w.line(0, `${title}:\t<none>`);
    return;
  }
  keys.forEach((key, i) => {
    const prefix = i === 0 ? `${title}:\t` : '\t';
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
      w.line(0, `${prefix}${key}:`);
      for (const part of value.split('\n')) w.line(0, `\t  ${shorten(part, MAX_ANNOTATION_LENGTH - 2)}`);
    } else {
      w.line(0, `${prefix}${key}: ${value}`);
    }
  });
}

function eventTime(e: Event): number {
  const at = Date.parse(e.lastTimestamp || e.eventTime || e.firstTimestamp || e.metadata.creationTimestamp || '');
  return Number.isNaN(at) ? 0 : at;
}

/** The `Events:` section: a Type Reason Age From Message table, oldest first, or `<none>`. */
export function writeEvents(w: DescribeWriter, events: readonly Event[], now: Date): void {
  if (events.length === 0) {
    w.line(0, 'Events:\t<none>');
    return;
  }
  const sorted = [...events].sort((a, b) => eventTime(a) - eventTime(b));
  w.line(0, 'Events:');
  w.line(1, 'Type\tReason\tAge\tFrom\tMessage');
  w.line(1, '----\t------\t----\t----\t-------');
  for (const e of sorted) {
    const first = e.firstTimestamp ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime, now);
    const last = e.lastTimestamp ? timestampSince(e.lastTimestamp, now) : first;
    const age = (e.count ?? 0) > 1 ? `${last} (x${e.count} over ${first})` : first;
    const from = e.source?.component || e.reportingComponent || '';
    w.line(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${age}\t${from}\t${(e.message ?? '').trim()}`);
  }
}

export function orNone(value: string | undefined | null): string {
  return value ? value : '<none>';
}
