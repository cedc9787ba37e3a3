// v1 ResourceQuota and LimitRange.
import { atomicList, kindObject, object, quantityMap, ref, str, strings } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const QUOTA_COMPONENTS: ComponentTable = {
  [`${CORE}ResourceQuota`]: kindObject(
    { group: '', version: 'v1', kind: 'ResourceQuota' },
    'ResourceQuota sets aggregate quota restrictions enforced per namespace',
    {
      spec: ref(`${CORE}ResourceQuotaSpec`, { default: {} }),
      status: ref(`${CORE}ResourceQuotaStatus`, { default: {} }),
    },
  ),
  [`${CORE}ResourceQuotaSpec`]: object({
    hard: quantityMap(),
    scopeSelector: ref(`${CORE}ScopeSelector`),
    scopes: strings(),
  }),
  [`${CORE}ResourceQuotaStatus`]: object({ hard: quantityMap(), used: quantityMap() }),
  [`${CORE}ScopeSelector`]: object({ matchExpressions: atomicList(`${CORE}ScopedResourceSelectorRequirement`) }, [], { 'x-kubernetes-map-type': 'atomic' }),
  [`${CORE}ScopedResourceSelectorRequirement`]: object({ operator: str(), scopeName: str(), values: strings() }, ['scopeName', 'operator']),
  [`${CORE}LimitRange`]: kindObject(
    { group: '', version: 'v1', kind: 'LimitRange' },
    'LimitRange sets resource usage limits for each kind of resource in a Namespace.',
    { spec: ref(`${CORE}LimitRangeSpec`, { default: {} }) },
  ),
  [`${CORE}LimitRangeSpec`]: object({ limits: atomicList(`${CORE}LimitRangeItem`) }, ['limits']),
  [`${CORE}LimitRangeItem`]: object(
    {
      default: quantityMap(),
      defaultRequest: quantityMap(),
      max: quantityMap(),
      maxLimitRequestRatio: quantityMap(),
      min: quantityMap(),
      type: str(),
    },
    ['type'],
  ),
};
