// What an authorizer decides on, as Kubernetes' authorizer.Attributes: who
// asks, which verb, and either a resource (group, resource, subresource,
// namespace, name) or a non-resource path (/healthz, /version, /apis).
import type { UserInfo } from '../http/request-context.js';

export type { UserInfo };

export interface ResourceAttributes {
  readonly kind: 'resource';
  readonly user: UserInfo;
  readonly verb: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly resource: string;
  /** "" for the object itself. */
  readonly subresource: string;
  /** "" for cluster-scoped resources and for requests across every namespace. */
  readonly namespace: string;
  /** "" for collections. */
  readonly name: string;
}

export interface NonResourceAttributes {
  readonly kind: 'nonResource';
  readonly user: UserInfo;
  /** The HTTP method, lower-cased (get, post, ...). */
  readonly verb: string;
  readonly path: string;
}

export type Attributes = ResourceAttributes | NonResourceAttributes;

export interface Decision {
  readonly allowed: boolean;
  /** Why, when an authorizer has something to say (appended to the Forbidden message). */
  readonly reason: string;
}

export interface Authorizer {
  authorize(attrs: Attributes): Decision;
}

/** The group kube-apiserver lets do everything, without consulting RBAC. */
export const SYSTEM_MASTERS = 'system:masters';

export const ALLOW: Decision = Object.freeze({ allowed: true, reason: '' });
export const NO_OPINION: Decision = Object.freeze({ allowed: false, reason: '' });
