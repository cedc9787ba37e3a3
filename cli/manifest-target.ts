// From a manifest to what the API needs: its resource and its namespace.
import { resourceForKind, type ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';
import type { CliContext } from './context.js';
import { readManifests, type Manifest } from './manifests.js';
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

export interface ManifestReadOptions {
  recursive: boolean;
  allowGenerateName: boolean;
  /** Names the command in "no objects passed to <verb>". */
  verb: string;
}

/** The -f paths, or kubectl's error when there are none. */
export function requireFilenames(filenames: readonly string[] | undefined): readonly string[] {
  if (!filenames || filenames.length === 0) throw new CliError('must specify one of -f and -k');
  return filenames;
}

/**
 * Reads the manifests of `files` and calls `act` on each one's target, in order.
 * A manifest with an unknown kind or a clashing namespace is reported and
 * skipped: kubectl goes on with the rest.
 */
export async function forEachManifestTarget(
  ctx: CliContext,
  files: readonly string[],
  opts: ManifestReadOptions,
  act: (target: ManifestTarget) => Promise<void>,
): Promise<void> {
  const manifests = readManifests(files, { recursive: opts.recursive, readStdin: ctx.io.readStdin, allowGenerateName: opts.allowGenerateName });
  if (manifests.length === 0) throw new CliError(`no objects passed to ${opts.verb}`);
  const choice = { namespace: ctx.namespace, explicit: ctx.namespaceExplicit };
  for (const manifest of manifests) {
    let target: ManifestTarget;
    try {
      target = targetOf(manifest, choice);
    } catch (err) {
      ctx.report(err);
      continue;
    }
    await act(target);
  }
}
