// Kubernetes' default ClusterRoles and ClusterRoleBindings (its
// rbac/bootstrappolicy), limited to the resources Flotilla serves or kubectl
// asks about: cluster-admin; admin, edit and view, which aggregate the rules of
// every ClusterRole labelled aggregate-to-<name> (edit's are aggregated into
// admin, view's into edit); the system roles every user gets; and the TLS
// bootstrapping roles kubeadm binds for joining nodes.
import type { PolicyRule, ClusterRole, ClusterRoleBinding } from '../../api/types/rbac.js';
import { RBAC_GROUP } from '../../api/kinds/rbac-validation.js';
import { SYSTEM_MASTERS } from './attributes.js';
import { BOOTSTRAPPERS_GROUP } from '../../api/bootstrap-token/bootstrap-token.js';
import { CERTIFICATES_GROUP, NODES_GROUP } from '../../api/certificates/names.js';

export const NODE_BOOTSTRAPPER_ROLE = 'system:node-bootstrapper';
export const NODE_CLIENT_ROLE = 'system:certificates.k8s.io:certificatesigningrequests:nodeclient';
export const SELF_NODE_CLIENT_ROLE = 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient';

export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';
export const AGGREGATE_TO_PREFIX = 'rbac.authorization.k8s.io/aggregate-to-';
const RBAC_DEFAULTS = 'rbac-defaults';
const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}, aggregateFrom?: string): ClusterRole {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { [BOOTSTRAPPING_LABEL]: RBAC_DEFAULTS, ...labels }, annotations: { [AUTOUPDATE_ANNOTATION]: 'true' } },
    ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE_TO_PREFIX}${aggregateFrom}`]: 'true' } }] } } : {}),
    rules,
  };
}

const aggregatesTo = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [`${AGGREGATE_TO_PREFIX}${n}`, 'true']));

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
  // TLS bootstrapping: a joining node asks for its certificate, and the approver
  // checks the asker may create the nodeclient (or, renewing, selfnodeclient) subresource.
  clusterRole(NODE_BOOTSTRAPPER_ROLE, [rule(['create', 'get', 'list', 'watch'], [CERTIFICATES_GROUP], ['certificatesigningrequests'])]),
  clusterRole(NODE_CLIENT_ROLE, [rule(['create'], [CERTIFICATES_GROUP], ['certificatesigningrequests/nodeclient'])]),
  clusterRole(SELF_NODE_CLIENT_ROLE, [rule(['create'], [CERTIFICATES_GROUP], ['certificatesigningrequests/selfnodeclient'])]),
];

function clusterRoleBinding(name: string, role: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { [BOOTSTRAPPING_LABEL]: RBAC_DEFAULTS }, annotations: { [AUTOUPDATE_ANNOTATION]: 'true' } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: groups.map((g) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name: g })),
  };
}

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', [SYSTEM_MASTERS]),
  clusterRoleBinding('system:discovery', 'system:discovery', [AUTHENTICATED]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [AUTHENTICATED]),
  clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [AUTHENTICATED, UNAUTHENTICATED]),
  // kubeadm's bindings (bound to every bootstrap token rather than only kubeadm's token group).
  clusterRoleBinding('kubeadm:kubelet-bootstrap', NODE_BOOTSTRAPPER_ROLE, [BOOTSTRAPPERS_GROUP]),
  clusterRoleBinding('kubeadm:node-autoapprove-bootstrap', NODE_CLIENT_ROLE, [BOOTSTRAPPERS_GROUP]),
  clusterRoleBinding('kubeadm:node-autoapprove-certificate-rotation', SELF_NODE_CLIENT_ROLE, [NODES_GROUP]),
];
