// PartialObjectMetadata: what metadata-only clients (client-go's metadata
// informers, garbage collectors, `kubectl get -o name` in some paths) ask for
// with `Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1`.
// The reply keeps each object's whole metadata and drops the rest, so a client
// that only needs names, labels and owners does not pay for specs.
import type { KubeList, KubeObject, ObjectMeta } from '../../api/types/index.js';
import { META_GROUP } from './meta-group.js';

export const PARTIAL_METADATA_VERSIONS = ['v1', 'v1beta1'] as const;
export type PartialMetadataVersion = (typeof PARTIAL_METADATA_VERSIONS)[number];

/** The `as=` values that ask for metadata only; either is accepted on every verb, as kube-apiserver does. */
export const PARTIAL_METADATA_KINDS = ['PartialObjectMetadata', 'PartialObjectMetadataList'] as const;

export interface PartialObjectMetadata {
  apiVersion: string;
  kind: 'PartialObjectMetadata';
  metadata: ObjectMeta;
}

export interface PartialObjectMetadataList {
  apiVersion: string;
  kind: 'PartialObjectMetadataList';
  metadata: KubeList['metadata'];
  items: PartialObjectMetadata[];
}

export function toPartialMetadata(obj: KubeObject, version: PartialMetadataVersion): PartialObjectMetadata {
  return { apiVersion: `${META_GROUP}/${version}`, kind: 'PartialObjectMetadata', metadata: obj.metadata };
}

export function toPartialMetadataList(list: KubeList, version: PartialMetadataVersion): PartialObjectMetadataList {
  return {
    apiVersion: `${META_GROUP}/${version}`,
    kind: 'PartialObjectMetadataList',
    metadata: list.metadata,
    items: list.items.map((item) => toPartialMetadata(item, version)),
  };
}
