// Small builders for the table tests: a fixed clock and objects created at a known age.
import type { ObjectMeta } from '../types/meta.js';

export const NOW = new Date('2026-03-01T12:00:00Z');

/** An RFC 3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function meta(name: string, ageSeconds: number, extra: Partial<ObjectMeta> = {}): ObjectMeta {
  return { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(ageSeconds), ...extra };
}
