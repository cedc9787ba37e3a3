// Kubernetes' Node authorizer: a node (system:node:<name> in system:nodes)
// may read a Secret, ConfigMap, PersistentVolumeClaim, PersistentVolume or
// ServiceAccount, or ask a token for an account, only when a pod bound to it
// needs that object (node-graph.ts); it may touch only its own Lease in
// kube-node-lease; everything else it may do is the fixed NODE_RULES. What
// it does not allow is left to the next authorizer (no opinion), so RBAC can
// still grant a node more; users who are not nodes are not its business.
import { ALLOW, NO_OPINION, type Attributes, type Authorizer, type Decision, type ResourceAttributes } from './attributes.js';
import type { GraphKind, NodeGraph } from './node-graph.js';
import { NODE_LEASE_NAMESPACE, nodeIdentity } from './node-identity.js';
import { NODE_RULES } from './node-rules.js';
import { rulesAllow } from './rule-match.js';

const READ_VERBS = new Set(['get', 'list', 'watch']);
const LEASE_VERBS = new Set(['get', 'create', 'update', 'patch', 'delete']);
const STATUS_VERBS = new Set(['update', 'patch']);
const COORDINATION_GROUP = 'coordination.k8s.io';

function noOpinion(reason: string): Decision {
  return { allowed: false, reason };
}

/** The graph kind a core resource maps to, when reads of it are decided by the graph. */
const GRAPH_RESOURCES: Readonly<Record<string, GraphKind>> = {
  secrets: 'secret',
  configmaps: 'configmap',
  persistentvolumeclaims: 'persistentvolumeclaim',
  persistentvolumes: 'persistentvolume',
  serviceaccounts: 'serviceaccount',
};

export class NodeAuthorizer implements Authorizer {
  constructor(private readonly graph: Pick<NodeGraph, 'reaches'>) {}

  authorize(attrs: Attributes): Decision {
    const node = nodeIdentity(attrs.user);
    if (node === undefined) return NO_OPINION;
    if (node === '') return noOpinion(`unknown node for user ${JSON.stringify(attrs.user.name)}`);
    if (attrs.kind === 'nonResource') return this.static(attrs);
    if (attrs.apiGroup === COORDINATION_GROUP && attrs.resource === 'leases') return this.lease(node, attrs);
    const kind = attrs.apiGroup === '' ? GRAPH_RESOURCES[attrs.resource] : undefined;
    if (kind === undefined) return this.static(attrs);
    switch (kind) {
      case 'secret':
      case 'configmap':
        return this.readNamespaced(node, kind, attrs);
      case 'serviceaccount':
        return this.serviceAccount(node, attrs);
      default:
        return this.volume(node, kind, attrs);
    }
  }

  private static(attrs: Attributes): Decision {
    return rulesAllow(NODE_RULES, attrs) ? ALLOW : NO_OPINION;
  }

  private related(node: string, kind: GraphKind, attrs: ResourceAttributes): Decision {
    if (this.graph.reaches(node, kind, attrs.namespace, attrs.name)) return ALLOW;
    return noOpinion(`no relationship found between node '${node}' and this object`);
  }

  /** Secrets and ConfigMaps: get, or list/watch narrowed to one object by metadata.name. */
  private readNamespaced(node: string, kind: GraphKind, attrs: ResourceAttributes): Decision {
    if (!READ_VERBS.has(attrs.verb)) return noOpinion('can only read resources of this type');
    if (attrs.subresource !== '') return noOpinion('cannot read subresource');
    if (attrs.namespace === '') return noOpinion('can only read namespaced object of this type');
    if (attrs.name === '') return noOpinion('No Object name found');
    return this.related(node, kind, attrs);
  }

  /** A bound pod's account may be read, and tokens asked for it. */
  private serviceAccount(node: string, attrs: ResourceAttributes): Decision {
    const token = attrs.subresource === 'token' && attrs.verb === 'create';
    const get = attrs.subresource === '' && attrs.verb === 'get';
    if (!token && !get) return noOpinion('can only get serviceaccounts and create their tokens');
    return this.related(node, 'serviceaccount', attrs);
  }

  /**
   * Claims and volumes: a get by name and a claim's status go through the
   * graph; the rest (the provisioner's list, watch, create, delete) is static.
   */
  private volume(node: string, kind: GraphKind, attrs: ResourceAttributes): Decision {
    if (kind === 'persistentvolumeclaim' && attrs.subresource === 'status') {
      if (!STATUS_VERBS.has(attrs.verb)) return noOpinion('can only update or patch the status of a claim');
      return this.related(node, kind, attrs);
    }
    if (attrs.verb === 'get' && attrs.subresource === '') return this.related(node, kind, attrs);
    return this.static(attrs);
  }

  private lease(node: string, attrs: ResourceAttributes): Decision {
    if (!LEASE_VERBS.has(attrs.verb)) return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (attrs.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the ${JSON.stringify(NODE_LEASE_NAMESPACE)} system namespace`);
    // A create names its object in the body, which NodeRestriction checks.
    if (attrs.verb !== 'create' && attrs.name !== node) return noOpinion('can only access node lease with the same name as the requesting node');
    return ALLOW;
  }
}
