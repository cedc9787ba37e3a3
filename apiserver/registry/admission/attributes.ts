// What a validating admission plugin decides on, as Kubernetes'
// admission.Attributes: the operation, the resource and subresource, the
// object as it would be stored and the one it replaces, and who asks.
import type { ResourceInfo } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types/index.js';
import type { UserInfo } from '../../http/request-context.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  readonly operation: AdmissionOperation;
  readonly info: ResourceInfo;
  /** "" for the object itself. */
  readonly subresource: string;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** CREATE and UPDATE: the object as it would be stored (for a subresource create, the request's object). */
  readonly object?: KubeObject;
  /** UPDATE and DELETE: the stored object. */
  readonly oldObject?: KubeObject;
}

export interface AdmissionAttributes extends AdmissionRequest {
  readonly user: UserInfo;
}
