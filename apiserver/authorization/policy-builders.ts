// The pieces bootstrap roles are written with: rules, ClusterRoles and
// ClusterRoleBindings carrying the labels and annotations Kubernetes puts on
// its defaults (kubernetes.io/bootstrapping, autoupdate).
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from '../../api/types/rbac.js';
import { RBAC_GROUP } from '../../api/kinds/rbac-validation.js';

export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';
export const AGGREGATE_TO_PREFIX = 'rbac.authorization.k8s.io/aggregate-to-';
const RBAC_DEFAULTS = 'rbac-defaults';

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
export const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({
  verbs,
  apiGroups,
  resources,
  ...(resourceNames ? { resourceNames } : {}),
});
export const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

const defaultsMetadata = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { [BOOTSTRAPPING_LABEL]: RBAC_DEFAULTS, ...labels },
  annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
});

export function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}, aggregateFrom?: string): ClusterRole {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: defaultsMetadata(name, labels),
    ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE_TO_PREFIX}${aggregateFrom}`]: 'true' } }] } } : {}),
    rules,
  };
}

export const aggregatesTo = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [`${AGGREGATE_TO_PREFIX}${n}`, 'true']));

export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });
export const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_GROUP, name });

export function clusterRoleBinding(name: string, role: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: defaultsMetadata(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects,
  };
}
