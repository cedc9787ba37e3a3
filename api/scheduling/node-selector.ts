// Node selection as Kubernetes evaluates it for a pod: nodeSelector labels must
// all be present, and of required node affinity's terms one must match. Terms
// are ORed, requirements inside a term are ANDed, an empty term matches nothing.
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from '../types/index.js';

const FIELD_NODE_NAME = 'metadata.name';
const INTEGER = /^[+-]?\d+$/;

function parseInteger(s: string | undefined): number | undefined {
  if (s === undefined || !INTEGER.test(s)) return undefined;
  return Number(s);
}

function labelValue(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** One requirement against a label or field value (undefined: the node does not have it). */
export function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = parseInteger(value);
      const want = parseInteger(values[0]);
      if (have === undefined || want === undefined || values.length !== 1) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const req of expressions) {
    if (!requirementMatches(req, labelValue(labels, req.key))) return false;
  }
  for (const req of fields) {
    // Only metadata.name is a supported node field, and only with In/NotIn.
    if (req.key !== FIELD_NODE_NAME || (req.operator !== 'In' && req.operator !== 'NotIn')) return false;
    if (!requirementMatches(req, node.metadata.name)) return false;
  }
  return true;
}

export function anyTermMatches(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => termMatches(t, node));
}

/** Every label of `selector` (a pod's nodeSelector) is on the node with that value. */
export function matchesNodeSelectorLabels(selector: Readonly<Record<string, string>> | undefined, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labelValue(labels, k) === v);
}

/** The pod's nodeSelector and its required node affinity both admit the node. */
export function matchesNodeSelectorAndAffinity(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>, node: Node): boolean {
  if (!matchesNodeSelectorLabels(spec.nodeSelector, node)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || anyTermMatches(required.nodeSelectorTerms ?? [], node);
}
