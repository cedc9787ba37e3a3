// `kubectl get roles,clusterroles`: NAME CREATED AT; `kubectl get rolebindings,
// clusterrolebindings`: NAME ROLE AGE, and with -o wide USERS GROUPS SERVICEACCOUNTS.
import type { KubeObject } from '../types/meta.js';
import type { RoleBinding, Subject } from '../types/rbac.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const roleTable: TableDefinition = {
  columns: [NAME_COLUMN, { name: 'Created At', priority: 0, description: 'Time when the role was created.' }],
  row(obj: KubeObject): string[] {
    return [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''];
  },
};

function namesOf(subjects: readonly Subject[], kind: Subject['kind']): string {
  return subjects
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

export const roleBindingTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Role', priority: 0, description: 'The kind and name of the role the binding grants.' },
    AGE_COLUMN,
    { name: 'Users', priority: 1, description: 'Users in the binding.' },
    { name: 'Groups', priority: 1, description: 'Groups in the binding.' },
    { name: 'ServiceAccounts', priority: 1, description: 'ServiceAccounts in the binding.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const binding = obj as RoleBinding;
    const subjects = binding.subjects ?? [];
    return [
      binding.metadata.name ?? '',
      `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
      timestampSince(binding.metadata.creationTimestamp, now),
      namesOf(subjects, 'User'),
      namesOf(subjects, 'Group'),
      namesOf(subjects, 'ServiceAccount'),
    ];
  },
};
