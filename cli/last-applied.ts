// The `kubectl.kubernetes.io/last-applied-configuration` annotation: what the
// user last applied, so the next apply knows which fields it owns and may
// remove. Written as kubectl writes it, so objects move between the two tools.
import type { KubeObject } from '../api/types/meta.js';
import { sortKeys } from './object-output.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The manifest without any old last-applied value, as compact JSON with
 * sorted keys and a trailing newline; annotations present (possibly `{}`).
 */
export function lastAppliedJson(manifest: KubeObject): string {
  const copy = structuredClone(manifest);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  copy.metadata.annotations = annotations;
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

/** The manifest as apply sends it: carrying its own last-applied annotation. */
export function withLastApplied(manifest: KubeObject): KubeObject {
  const json = lastAppliedJson(manifest);
  const copy = structuredClone(manifest);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: json };
  return copy;
}

/** What the live object says was last applied; undefined when it was never applied or the value is unreadable. */
export function readLastApplied(live: KubeObject): Record<string, unknown> | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
