// The 409 an apply answers when it would change fields other managers own,
// worded as the Kubernetes apiserver words it so kubectl's users recognise it:
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
import { applyConflict, type ApiError } from '../errors.js';
import type { FieldSet } from './field-set.js';
import type { ManagerIdentity } from './managers.js';
import { describePath } from './path-element.js';

export const FIELD_MANAGER_CONFLICT = 'FieldManagerConflict';

export interface ManagerConflict {
  manager: ManagerIdentity;
  fields: FieldSet;
}

/** `"kubectl" with subresource "scale" using apps/v1`; appliers are named alone. */
export function printManager(manager: ManagerIdentity): string {
  let text = JSON.stringify(manager.manager);
  if (manager.subresource) text += ` with subresource ${JSON.stringify(manager.subresource)}`;
  if (manager.operation === 'Update') text += ` using ${manager.apiVersion}`;
  return text;
}

export function conflictMessage(conflicts: readonly ManagerConflict[]): string {
  const flat = conflicts.flatMap((c) => c.fields.paths().map((path) => ({ manager: printManager(c.manager), path: describePath(path) })));
  if (flat.length === 1) return `Apply failed with 1 conflict: conflict with ${flat[0].manager}: ${flat[0].path}`;
  const byManager = new Map<string, string[]>();
  for (const { manager, path } of flat) byManager.set(manager, [...(byManager.get(manager) ?? []), path]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${manager}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return `Apply failed with ${flat.length} conflicts: ${lines.join('\n')}`;
}

export function applyConflictError(conflicts: readonly ManagerConflict[]): ApiError {
  const causes = conflicts.flatMap((c) =>
    c.fields.paths().map((path) => ({ reason: FIELD_MANAGER_CONFLICT, message: `conflict with ${printManager(c.manager)}`, field: describePath(path) })),
  );
  return applyConflict(conflictMessage(conflicts), causes);
}
