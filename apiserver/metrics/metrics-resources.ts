// metrics.k8s.io/v1beta1 as discovery describes it: two read-only resources
// the apiserver computes on request from the agents' samples, as
// metrics-server serves them through the aggregation layer. They are not
// kinds of the registry: nothing is stored, watched or written.
import { METRICS_GROUP, METRICS_VERSION } from '../../api/metrics-api-group.js';
import type { DiscoverableResource } from '../http/discovery/index.js';

export { METRICS_API_VERSION, METRICS_GROUP, METRICS_VERSION } from '../../api/metrics-api-group.js';

const READ_ONLY = ['get', 'list'] as const;

export const NODE_METRICS: DiscoverableResource = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  kind: 'NodeMetrics',
  plural: 'nodes',
  singular: '',
  shortNames: [],
  categories: [],
  namespaced: false,
  subresources: { status: false },
  verbs: READ_ONLY,
};

export const POD_METRICS: DiscoverableResource = {
  ...NODE_METRICS,
  kind: 'PodMetrics',
  plural: 'pods',
  namespaced: true,
};

export const METRICS_RESOURCES: readonly DiscoverableResource[] = [NODE_METRICS, POD_METRICS];
