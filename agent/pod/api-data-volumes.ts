// configMap, secret and downwardAPI volumes: the files each holds, computed
// from the pod and the objects it names, as the kubelet's volume plugins
// build their payloads (items pick keys and rename them, modes per item or
// defaultMode, optional sources and keys). Writing them is atomic-writer.ts's job.
import type { ConfigMap, KeyToPath, Pod, Secret, Volume } from '../../api/types/index.js';
import type { Payload, PayloadFile } from './atomic-writer.js';
import type { ConfigReader } from './config-objects.js';
import { EnvConfigError, fieldPathValue } from './env.js';

/** SetDefaults for these volumes; the apiserver applies it, but an old object may lack it. */
export const DEFAULT_API_DATA_MODE = 0o644;
const API_DATA_SOURCES = ['configMap', 'secret', 'downwardAPI'] as const;

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

/** The files of a downwardAPI volume, from the pod alone. */
export function downwardApiPayload(pod: Pod, volume: Volume): Payload {
  const source = volume.downwardAPI ?? {};
  const defaultMode = source.defaultMode ?? DEFAULT_API_DATA_MODE;
  const payload = new Map<string, PayloadFile>();
  for (const item of source.items ?? []) {
    if (!item.fieldRef) throw new PayloadError(`downwardAPI item "${item.path}": only fieldRef is supported by this agent`);
    payload.set(item.path, { data: Buffer.from(downwardValue(pod, item.fieldRef.fieldPath), 'utf8'), mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** The files a configMap, secret or downwardAPI volume holds now; PayloadError when it cannot be built. */
export async function apiDataPayload(pod: Pod, volume: Volume, reader: ConfigReader): Promise<Payload> {
  const namespace = pod.metadata.namespace ?? '';
  if (volume.configMap) {
    const source = volume.configMap;
    const name = source.name ?? '';
    const optional = source.optional === true;
    const cm = await reader.configMap(namespace, name);
    if (!cm && !optional) throw new PayloadError(`configmap "${name}" not found`);
    return projectKeys(configMapBytes(cm), source.items, source.defaultMode ?? DEFAULT_API_DATA_MODE, optional || !cm, (key) => `configmap references non-existent config key: ${key}`);
  }
  if (volume.secret) {
    const source = volume.secret;
    const name = source.secretName ?? '';
    const optional = source.optional === true;
    const secret = await reader.secret(namespace, name);
    if (!secret && !optional) throw new PayloadError(`secret "${name}" not found`);
    return projectKeys(secretBytes(secret), source.items, source.defaultMode ?? DEFAULT_API_DATA_MODE, optional || !secret, (key) => `references non-existent secret key: ${key}`);
  }
  return downwardApiPayload(pod, volume);
}
