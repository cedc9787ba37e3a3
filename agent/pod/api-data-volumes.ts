// configMap, secret, downwardAPI and projected volumes: the files each holds,
// computed from the pod and the objects it names (and, for a projected
// serviceAccountToken, a token the apiserver issues for the pod), as the kubelet's volume
// plugins build their payloads (items pick keys and rename them, modes per item
// or defaultMode, optional sources and keys). A projected volume is the same
// sources merged into one directory. Writing them is atomic-writer.ts's job.
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod, Secret, ServiceAccountTokenProjection, Volume } from '../../api/types/index.js';
import type { Payload, PayloadFile } from './atomic-writer.js';
import type { ConfigReader } from './config-objects.js';
import { EnvConfigError, fieldPathValue } from './env.js';

/** SetDefaults for these volumes; the apiserver applies it, but an old object may lack it. */
export const DEFAULT_API_DATA_MODE = 0o644;
/** A projected token's lifetime when the pod names none (SetDefaults, as above). */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
const API_DATA_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

/** A payload that cannot be built; the message is the FailedMount detail. */
export class PayloadError extends Error {}

/** Whether the volume's files come from the API (and so are mounted read-only and kept up to date). */
export function isApiDataVolume(volume: Volume): boolean {
  return API_DATA_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null);
}

/** The names of the pod's API data volumes. */
export function apiDataVolumeNames(pod: Pod): Set<string> {
  return new Set((pod.spec.volumes ?? []).filter(isApiDataVolume).map((v) => v.name));
}

/** Keys to files: every key when there are no items, else the items' keys under their paths. */
function projectKeys(
  data: ReadonlyMap<string, Buffer>,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): Payload {
  const payload = new Map<string, PayloadFile>();
  if (!items || items.length === 0) {
    for (const [key, bytes] of data) payload.set(key, { data: bytes, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const bytes = data.get(item.key);
    if (bytes === undefined) {
      if (optional) continue;
      throw new PayloadError(missingKey(item.key));
    }
    payload.set(item.path, { data: bytes, mode: item.mode ?? defaultMode });
  }
  return payload;
}

function configMapBytes(cm: ConfigMap | undefined): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(cm?.data ?? {})) data.set(key, Buffer.from(value, 'utf8'));
  for (const [key, value] of Object.entries(cm?.binaryData ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return data;
}

function secretBytes(secret: Secret | undefined): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(secret?.data ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return data;
}

/** The kubelet's FormatMap: `key="value"` lines, sorted, no trailing newline. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map?.[key] ?? '')}`)
    .join('\n');
}

function downwardValue(pod: Pod, fieldPath: string): string {
  if (fieldPath === 'metadata.labels') return formatMap(pod.metadata.labels);
  if (fieldPath === 'metadata.annotations') return formatMap(pod.metadata.annotations);
  try {
    return fieldPathValue(pod, fieldPath);
  } catch (err) {
    if (err instanceof EnvConfigError) throw new PayloadError(err.message);
    throw err;
  }
}

/** Downward API files, from the pod alone. */
function downwardFiles(pod: Pod, items: readonly DownwardAPIVolumeFile[] | undefined, defaultMode: number): Payload {
  const payload = new Map<string, PayloadFile>();
  for (const item of items ?? []) {
    if (!item.fieldRef) throw new PayloadError(`downwardAPI item "${item.path}": only fieldRef is supported by this agent`);
    payload.set(item.path, { data: Buffer.from(downwardValue(pod, item.fieldRef.fieldPath), 'utf8'), mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** Which object a configMap or secret source names, and how to project it. */
interface KeySource {
  name: string;
  items: readonly KeyToPath[] | undefined;
  optional: boolean;
}

async function configMapFiles(reader: ConfigReader, namespace: string, source: KeySource, defaultMode: number): Promise<Payload> {
  const cm = await reader.configMap(namespace, source.name);
  if (!cm && !source.optional) throw new PayloadError(`configmap "${source.name}" not found`);
  return projectKeys(configMapBytes(cm), source.items, defaultMode, source.optional || !cm, (key) => `configmap references non-existent config key: ${key}`);
}

async function secretFiles(reader: ConfigReader, namespace: string, source: KeySource, defaultMode: number): Promise<Payload> {
  const secret = await reader.secret(namespace, source.name);
  if (!secret && !source.optional) throw new PayloadError(`secret "${source.name}" not found`);
  return projectKeys(secretBytes(secret), source.items, defaultMode, source.optional || !secret, (key) => `references non-existent secret key: ${key}`);
}

/** Why a projection is left out of the volume; undefined for the ones this agent writes. */
function skipReason(projection: NonNullable<NonNullable<Volume['projected']>['sources']>[number]): string | undefined {
  if (projection.clusterTrustBundle) return 'clusterTrustBundle projection skipped: this cluster serves no ClusterTrustBundles';
  return undefined;
}

/** What the agent leaves out of the pod's projected volumes, as event messages. */
export function skippedProjections(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).flatMap((volume) =>
    (volume.projected?.sources ?? []).flatMap((projection) => {
      const reason = skipReason(projection);
      return reason ? [`volume "${volume.name}": ${reason}`] : [];
    }),
  );
}

/** The sources of a projected volume merged, a later file of one path replacing an earlier one. */
async function projectedFiles(pod: Pod, volume: Volume, reader: ConfigReader): Promise<Payload> {
  const namespace = pod.metadata.namespace ?? '';
  const defaultMode = volume.projected?.defaultMode ?? DEFAULT_API_DATA_MODE;
  const payload = new Map<string, PayloadFile>();
  for (const projection of volume.projected?.sources ?? []) {
    let files: Payload = new Map();
    if (projection.configMap) files = await configMapFiles(reader, namespace, keySource(projection.configMap), defaultMode);
    else if (projection.secret) files = await secretFiles(reader, namespace, keySource(projection.secret), defaultMode);
    else if (projection.downwardAPI) files = downwardFiles(pod, projection.downwardAPI.items, defaultMode);
    else if (projection.serviceAccountToken) files = await tokenFile(pod, projection.serviceAccountToken, reader, defaultMode);
    for (const [path, file] of files) payload.set(path, file);
  }
  return payload;
}

/** The pod's token, asked of the apiserver; a refusal is the FailedMount detail. */
async function tokenFile(pod: Pod, source: ServiceAccountTokenProjection, reader: ConfigReader, mode: number): Promise<Payload> {
  const wish = { audience: source.audience || undefined, expirationSeconds: source.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS };
  let token: string;
  try {
    token = await reader.podToken(pod, wish);
  } catch (err) {
    throw new PayloadError(`failed to fetch token: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new Map([[source.path, { data: Buffer.from(token, 'utf8'), mode }]]);
}

function keySource(source: { name?: string; items?: KeyToPath[]; optional?: boolean }): KeySource {
  return { name: source.name ?? '', items: source.items, optional: source.optional === true };
}

/** The files a configMap, secret, downwardAPI or projected volume holds now; PayloadError when it cannot be built. */
export async function apiDataPayload(pod: Pod, volume: Volume, reader: ConfigReader): Promise<Payload> {
  const namespace = pod.metadata.namespace ?? '';
  if (volume.configMap) return configMapFiles(reader, namespace, keySource(volume.configMap), volume.configMap.defaultMode ?? DEFAULT_API_DATA_MODE);
  if (volume.secret) {
    const source = { ...volume.secret, name: volume.secret.secretName };
    return secretFiles(reader, namespace, keySource(source), volume.secret.defaultMode ?? DEFAULT_API_DATA_MODE);
  }
  if (volume.projected) return projectedFiles(pod, volume, reader);
  return downwardFiles(pod, volume.downwardAPI?.items, volume.downwardAPI?.defaultMode ?? DEFAULT_API_DATA_MODE);
}
