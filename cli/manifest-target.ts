// From a manifest to what the API needs: its resource and its namespace.
import { resourceForKind, type ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';
import type { Manifest } from './manifests.js';
import { placeInNamespace, type NamespaceChoice } from './object-namespace.js';

export interface ManifestTarget {
  info: ResourceInfo;
  object: KubeObject;
  source: string;
}

export function targetOf(manifest: Manifest, choice: NamespaceChoice): ManifestTarget {
  const { object } = manifest;
  let info: ResourceInfo;
  try {
    info = resourceForKind(object.apiVersion, object.kind);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `resource mapping not found for name: "${object.metadata.name ?? ''}" namespace: "${object.metadata.namespace ?? ''}" from "${manifest.source}": ${why}\nensure CRDs are installed first`,
    );
  }
  return { info, object: placeInNamespace(object, info, choice), source: manifest.source };
}
