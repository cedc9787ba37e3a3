// The pod-template-hash: FNV-1a (32 bit) of the template and the collision
// count, spelled with Kubernetes' safe alphabet so it never forms words.
import type { PodTemplateSpec } from '../../api/types/index.js';
import { POD_TEMPLATE_HASH_LABEL } from './annotations.js';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(stableJson(template));
  if (collisionCount !== undefined && collisionCount > 0) h = fnv32a(String(collisionCount), h);
  return safeEncode(String(h));
}

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const copy = structuredClone(template);
  const labels = { ...(copy.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  copy.metadata = { ...(copy.metadata ?? {}), labels };
  return copy;
}

/** Equal templates apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return stableJson(withoutHash(a)) === stableJson(withoutHash(b));
}

/** `template` without the hash label, for copying back onto a Deployment. */
export function templateWithoutHash(template: PodTemplateSpec): PodTemplateSpec {
  return withoutHash(template);
}
