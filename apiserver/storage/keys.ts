// Where objects live in etcd: <prefix>/<group>/<plural>/<namespace>/<name>,
// `core` standing for the core group, no namespace part for cluster-scoped kinds.
import type { ResourceInfo } from '../../api/resources.js';

export const CORE_GROUP_SEGMENT = 'core';

export class KeySpace {
  readonly root: string;

  constructor(prefix: string) {
    this.root = prefix.replace(/\/+$/, '');
  }

  /** Everything of one resource, or of one namespace of it; ends with `/`. */
  resourcePrefix(info: ResourceInfo, namespace = ''): string {
    const base = `${this.root}/${info.group || CORE_GROUP_SEGMENT}/${info.plural}/`;
    return info.namespaced && namespace ? `${base}${namespace}/` : base;
  }

  objectKey(info: ResourceInfo, namespace: string, name: string): string {
    return info.namespaced ? `${this.resourcePrefix(info)}${namespace}/${name}` : `${this.resourcePrefix(info)}${name}`;
  }
}
