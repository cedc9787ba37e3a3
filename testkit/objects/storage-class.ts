// The default StorageClass of a test cluster: the very manifest deploy/up.sh
// applies to a new cluster, so e2e clusters start as real ones do.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { resources } from '../../api/resources.js';
import type { StorageClass } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { DEFAULT_STORAGE_CLASS_MANIFEST } from '../repo-paths.js';

export function defaultStorageClassManifest(): StorageClass {
  return parse(readFileSync(DEFAULT_STORAGE_CLASS_MANIFEST, 'utf8')) as StorageClass;
}

export function createDefaultStorageClass(client: ApiClient): Promise<StorageClass> {
  return client.create(resources.storageClasses, defaultStorageClassManifest());
}
