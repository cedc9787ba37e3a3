// Stored form of an object: its JSON without metadata.resourceVersion, which is
// always the key's mod revision and is put back on every read.
import type { KubeObject } from '../../api/types/index.js';

export function encodeObject(obj: KubeObject): string {
  const { resourceVersion: _dropped, ...metadata } = obj.metadata ?? {};
  return JSON.stringify({ ...obj, metadata });
}

export function decodeObject(value: Buffer | string, modRevision: number): KubeObject {
  const obj = JSON.parse(value.toString()) as KubeObject;
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(modRevision) };
  return obj;
}

/** A copy of `obj` carrying another resourceVersion; the input is left as it was. */
export function withResourceVersion<T extends KubeObject>(obj: T, resourceVersion: number | string): T {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(resourceVersion) } };
}
