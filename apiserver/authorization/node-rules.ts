// What every node may do regardless of the pods bound to it, as the rules of
// Kubernetes' system:node role, cut down to the calls the agent makes: its
// own Node and status (NodeRestriction keeps it to its own), the pods bound
// to it and their status, events, its certificate requests, the node proxy's Services and
// EndpointSlices, the local-path provisioner's claims, volumes and classes,
// and the reviews a kubelet's webhook authentication asks for. Reads of
// Secrets, ConfigMaps, claims, volumes and ServiceAccounts by name go through
// the graph instead (node-authorizer.ts).
import type { PolicyRule } from '../../api/types/rbac.js';

const READ = ['get', 'list', 'watch'];
const LIST = ['list', 'watch'];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });

export const NODE_RULES: readonly PolicyRule[] = Object.freeze([
  // Registration, labels and podCIDR (node-reporter, pod-cidr), and every node's podCIDR for routes (host-routes, pod-network).
  rule(['create', 'get', 'list', 'watch', 'patch', 'update'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status']),
  // The pod manager watches its own pods (spec.nodeName field selector); termination deletes them.
  rule([...READ, 'delete'], [''], ['pods']),
  // Reading pods/status grants nothing pods does not; kubectl patch --subresource=status reads before it writes.
  rule(['get', 'patch', 'update'], [''], ['pods/status']),
  // The event recorder creates events and bumps repeats with a patch.
  rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
  // The node proxy.
  rule(READ, [''], ['services', 'endpoints']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  // The local-path provisioner watches every claim and volume and creates and reclaims volumes.
  rule(LIST, [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['create', 'delete'], [''], ['persistentvolumes']),
  rule(READ, ['storage.k8s.io'], ['storageclasses']),
  // Client certificate renewal and serving certificates: the node asks and reads its requests back (as Kubernetes' NodeRules).
  rule(['create', ...READ], ['certificates.k8s.io'], ['certificatesigningrequests']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews', 'localsubjectaccessreviews']),
]);
