// The storageVersionHash of legacy discovery: the first eight bytes of the
// SHA-256 of "group/version/kind", base64. Computed exactly as Kubernetes does,
// so the value for pods (xPOwRZ+Yhw8=) matches a real cluster's and tools that
// compare it across clusters (the storage version migrator) see no change.
import { createHash } from 'node:crypto';

export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}
