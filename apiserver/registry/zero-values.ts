// Kubernetes decodes every write into typed structs, where a JSON null is the
// same as an absent field; clients rely on that (kubectl rollout undo sends
// templates with `creationTimestamp: null`). Flotilla keeps JSON, so it drops
// nulls from spec before defaulting: the stored object, its generation and a
// template's hash then do not depend on how a client spelled "nothing".
import type { KubeObject } from '../../api/types/index.js';

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = withoutNulls(child);
  return out;
}

/** In place, on the private copy a write works on. */
export function dropSpecNulls(obj: KubeObject): void {
  if (typeof obj.spec === 'object' && obj.spec !== null && !Array.isArray(obj.spec)) obj.spec = withoutNulls(obj.spec) as KubeObject['spec'];
}
