// Server-set metadata: uids, timestamps and generated names, as Kubernetes makes them.
import { randomInt, randomUUID } from 'node:crypto';

/** Kubernetes' alphabet for generated names: no vowels, no look-alike characters. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const GENERATED_SUFFIX_LENGTH = 5;
/** A DNS label is at most 63 characters; the base is cut so the suffix fits. */
export const MAX_GENERATE_NAME_BASE = 63 - GENERATED_SUFFIX_LENGTH;

export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return `${base.slice(0, MAX_GENERATE_NAME_BASE)}${suffix}`;
}

export function newUid(): string {
  return randomUUID();
}

/** RFC 3339 with whole seconds, as Kubernetes serializes metav1.Time: 2026-01-02T03:04:05Z. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
