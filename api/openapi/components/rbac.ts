// rbac.authorization.k8s.io/v1: roles, bindings and the pieces they share,
// with upstream's list and map types (rules and subjects are replaced whole).
import { atomicList, kindObject, object, ref, str, strings } from '../builders.js';
import { META, RBAC } from '../names.js';
import type { ComponentTable, GroupVersionKind } from '../schema.js';

const gvk = (kind: string): GroupVersionKind => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind });
const ATOMIC_STRUCT = { 'x-kubernetes-map-type': 'atomic' } as const;

export const RBAC_COMPONENTS: ComponentTable = {
  [`${RBAC}PolicyRule`]: object(
    {
      apiGroups: strings(),
      nonResourceURLs: strings(),
      resourceNames: strings(),
      resources: strings(),
      verbs: strings(),
    },
    ['verbs'],
  ),
  [`${RBAC}AggregationRule`]: object({ clusterRoleSelectors: atomicList(`${META}LabelSelector`) }),
  [`${RBAC}Role`]: kindObject(gvk('Role'), 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', {
    rules: atomicList(`${RBAC}PolicyRule`),
  }),
  [`${RBAC}ClusterRole`]: kindObject(
    gvk('ClusterRole'),
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
    { aggregationRule: ref(`${RBAC}AggregationRule`), rules: atomicList(`${RBAC}PolicyRule`) },
  ),
  [`${RBAC}RoleRef`]: object({ apiGroup: str({ default: '' }), kind: str({ default: '' }), name: str({ default: '' }) }, ['apiGroup', 'kind', 'name'], ATOMIC_STRUCT),
  [`${RBAC}Subject`]: object({ apiGroup: str(), kind: str({ default: '' }), name: str({ default: '' }), namespace: str() }, ['kind', 'name'], ATOMIC_STRUCT),
  [`${RBAC}RoleBinding`]: kindObject(
    gvk('RoleBinding'),
    'RoleBinding references a role, but does not contain it. It adds who information via Subjects and namespace information by which namespace it exists in.',
    { roleRef: ref(`${RBAC}RoleRef`, { default: {} }), subjects: atomicList(`${RBAC}Subject`) },
    ['roleRef'],
  ),
  [`${RBAC}ClusterRoleBinding`]: kindObject(
    gvk('ClusterRoleBinding'),
    'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
    { roleRef: ref(`${RBAC}RoleRef`, { default: {} }), subjects: atomicList(`${RBAC}Subject`) },
    ['roleRef'],
  ),
};
