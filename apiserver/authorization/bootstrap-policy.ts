// Kubernetes' default ClusterRoles and ClusterRoleBindings (its
// rbac/bootstrappolicy), limited to the resources Flotilla serves or kubectl
// asks about: cluster-admin; admin, edit and view, which aggregate the rules of
// every ClusterRole labelled aggregate-to-<name> (edit's are aggregated into
// admin, view's into edit); the system roles every user gets; and the roles of
// the components (component-roles.ts).
import type { PolicyRule, ClusterRole, ClusterRoleBinding } from '../../api/types/rbac.js';
import { SYSTEM_MASTERS } from './attributes.js';
import { COMPONENT_CLUSTER_ROLE_BINDINGS, COMPONENT_CLUSTER_ROLES } from './component-roles.js';
import { aggregatesTo, clusterRole, clusterRoleBinding, group, READ, READ_WRITE, rule, urls, WRITE } from './policy-builders.js';

import { RBAC_GROUP } from '../../api/kinds/rbac-validation.js';

export { AGGREGATE_TO_PREFIX, AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABEL } from './policy-builders.js';
const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';

const VIEW_RULES: PolicyRule[] = [
  rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
];

const EDIT_RULES: PolicyRule[] = [
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
];

const ADMIN_RULES: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(READ_WRITE, [RBAC_GROUP], ['rolebindings', 'roles']),
];

export const BOOTSTRAP_CLUSTER_ROLES: readonly ClusterRole[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('admin', [], {}, 'admin'),
  clusterRole('edit', [], aggregatesTo('admin'), 'edit'),
  clusterRole('view', [], aggregatesTo('edit'), 'view'),
  clusterRole('system:aggregate-to-admin', ADMIN_RULES, aggregatesTo('admin')),
  clusterRole('system:aggregate-to-edit', EDIT_RULES, aggregatesTo('edit')),
  clusterRole('system:aggregate-to-view', VIEW_RULES, aggregatesTo('view')),
  clusterRole('system:aggregated-metrics-reader', [rule(READ, ['metrics.k8s.io'], ['pods', 'nodes'])], aggregatesTo('view', 'edit', 'admin')),
  clusterRole('system:discovery', [
    urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:basic-user', [rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'])]),
  clusterRole('system:public-info-viewer', [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
  ...COMPONENT_CLUSTER_ROLES,
];

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', [group(SYSTEM_MASTERS)]),
  clusterRoleBinding('system:discovery', 'system:discovery', [group(AUTHENTICATED)]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [group(AUTHENTICATED)]),
  clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [group(AUTHENTICATED), group(UNAUTHENTICATED)]),
  ...COMPONENT_CLUSTER_ROLE_BINDINGS,
];
