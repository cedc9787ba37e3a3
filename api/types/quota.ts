// v1 ResourceQuota (what a namespace may consume, and what it consumes) and
// v1 LimitRange (per-container and per-pod bounds and defaults).
import type { KubeObject } from './meta.js';

/** Resource name to quantity ("pods": "3", "requests.cpu": "500m"). */
export type ResourceList = Record<string, string>;

export interface ResourceQuotaSpec {
  hard?: ResourceList;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: { scopeName?: string; operator?: string; values?: string[] }[] };
}

export interface ResourceQuotaStatus {
  hard?: ResourceList;
  used?: ResourceList;
}

export interface ResourceQuota extends KubeObject {
  apiVersion: 'v1';
  kind: 'ResourceQuota';
  spec?: ResourceQuotaSpec;
  status?: ResourceQuotaStatus;
}

export type LimitType = 'Container' | 'Pod' | 'PersistentVolumeClaim';

export interface LimitRangeItem {
  type: LimitType;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends KubeObject {
  apiVersion: 'v1';
  kind: 'LimitRange';
  spec: { limits: LimitRangeItem[] };
}
