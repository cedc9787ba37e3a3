// The components' roles, after Kubernetes' bootstrap policy: the scheduler
// (and its volume half), the DNS server, the node proxy (bound to every node,
// since the agent embeds it), the node role (unbound, as upstream: nodes get
// their rights from the Node authorizer), and the controller-manager. Our
// controller-manager runs every controller under one identity, so its role is
// the union of what those controllers do: the garbage collector reads, updates
// and deletes anything (upstream's generic-garbage-collector rule), and the
// others create what they own.
import type { ClusterRole, ClusterRoleBinding } from '../../api/types/rbac.js';
import { clusterRole, clusterRoleBinding, group, READ, rule, user } from './policy-builders.js';

const EVENT_WRITE = ['create', 'patch', 'update'];
const EVENTS = [rule(EVENT_WRITE, ['', 'events.k8s.io'], ['events'])];
const LEASE_ELECTION = (name: string) => [rule(['create'], ['coordination.k8s.io'], ['leases']), rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], [name])];
const REVIEWS = [rule(['create'], ['authentication.k8s.io'], ['tokenreviews']), rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews'])];

export const SCHEDULER = 'system:kube-scheduler';
export const CONTROLLER_MANAGER = 'system:kube-controller-manager';
export const KUBE_DNS = 'system:kube-dns';
export const NODES_GROUP = 'system:nodes';

const SCHEDULER_RULES = [
  ...EVENTS,
  ...LEASE_ELECTION('kube-scheduler'),
  rule(['create'], [''], ['endpoints']),
  rule(['get', 'update'], [''], ['endpoints'], ['kube-scheduler']),
  rule(READ, [''], ['nodes']),
  rule(['delete', 'get', 'list', 'watch'], [''], ['pods']),
  rule(['create'], [''], ['bindings', 'pods/binding']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(READ, [''], ['replicationcontrollers', 'services']),
  rule(READ, ['apps', 'extensions'], ['replicasets']),
  rule(READ, ['apps'], ['statefulsets']),
  rule(READ, ['policy'], ['poddisruptionbudgets']),
  rule(READ, [''], ['persistentvolumeclaims', 'persistentvolumes']),
  ...REVIEWS,
  rule(READ, ['storage.k8s.io'], ['csinodes', 'csidrivers', 'csistoragecapacities']),
  rule(READ, [''], ['namespaces']),
];

const VOLUME_SCHEDULER_RULES = [
  rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumes']),
  rule(READ, ['storage.k8s.io'], ['storageclasses']),
  rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumeclaims']),
];

const CONTROLLER_MANAGER_RULES = [
  ...EVENTS,
  ...LEASE_ELECTION('kube-controller-manager'),
  ...REVIEWS,
  rule(['delete', 'get', 'list', 'patch', 'update', 'watch'], ['*'], ['*']),
  rule(['create'], [''], ['pods', 'persistentvolumeclaims', 'endpoints', 'serviceaccounts', 'configmaps']),
  rule(['create'], ['apps'], ['replicasets', 'controllerrevisions']),
  rule(['create'], ['batch'], ['jobs']),
  rule(['create'], ['discovery.k8s.io'], ['endpointslices']),
  rule(['list'], ['metrics.k8s.io'], ['pods']),
  rule(['create'], [''], ['serviceaccounts/token']),
  // csrapproving and csrsigning: what the signer admission asks of whoever approves or signs.
  rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']),
  rule(['sign'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']),
];

// Our DNS publishes its own kube-system/kube-dns Service and EndpointSlice (an installer makes CoreDNS's),
// so beside CoreDNS's reads it may create those two and update only its slice.
const KUBE_DNS_SLICE = 'kube-dns-flotilla';
const DNS_RULES = [
  rule(READ, [''], ['services', 'endpoints', 'namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(['create'], [''], ['services']),
  rule(['create'], ['discovery.k8s.io'], ['endpointslices']),
  rule(['update', 'patch'], ['discovery.k8s.io'], ['endpointslices'], [KUBE_DNS_SLICE]),
];

const NODE_PROXIER_RULES = [
  rule(['list', 'watch'], [''], ['endpoints', 'services']),
  rule(READ, [''], ['nodes']),
  ...EVENTS,
  rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
];

const NODE_RULES = [
  ...REVIEWS,
  rule(READ, [''], ['services', 'endpoints']),
  rule(['create', 'get', 'list', 'watch', 'delete', 'patch', 'update'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status']),
  ...EVENTS,
  rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['pods']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(['get', 'list', 'watch'], [''], ['secrets', 'configmaps']),
  rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['patch', 'update'], [''], ['persistentvolumeclaims/status']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
  rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
  rule(READ, ['storage.k8s.io'], ['csidrivers', 'csinodes']),
  rule(['create', 'delete', 'get', 'patch', 'update'], ['storage.k8s.io'], ['csinodes']),
];

export const COMPONENT_CLUSTER_ROLES: readonly ClusterRole[] = [
  clusterRole(SCHEDULER, SCHEDULER_RULES),
  clusterRole('system:volume-scheduler', VOLUME_SCHEDULER_RULES),
  clusterRole(CONTROLLER_MANAGER, CONTROLLER_MANAGER_RULES),
  clusterRole(KUBE_DNS, DNS_RULES),
  clusterRole('system:node-proxier', NODE_PROXIER_RULES),
  clusterRole('system:node', NODE_RULES),
];

export const COMPONENT_CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = [
  clusterRoleBinding(SCHEDULER, SCHEDULER, [user(SCHEDULER)]),
  clusterRoleBinding('system:volume-scheduler', 'system:volume-scheduler', [user(SCHEDULER)]),
  clusterRoleBinding(CONTROLLER_MANAGER, CONTROLLER_MANAGER, [user(CONTROLLER_MANAGER)]),
  clusterRoleBinding(KUBE_DNS, KUBE_DNS, [user(KUBE_DNS)]),
  clusterRoleBinding('system:node-proxier', 'system:node-proxier', [group(NODES_GROUP)]),
];
