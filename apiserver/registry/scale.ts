// The scale subresource (autoscaling/v1 Scale) of every kind whose definition
// declares one: a view of where its replicas live, read and written through
// the kind's own get and update so generation, validation and watches behave
// as for any spec change. `kubectl scale` and autoscalers use it.
import { badRequest, invalid, isApiError, notFound } from '../../api/errors.js';
import { formatLabelSelector } from '../../api/labels/label-selector.js';
import { applyJsonPatch, applyMergePatch } from '../../api/patch/index.js';
import type { ResourceInfo, ScaleSubresource } from '../../api/resources.js';
import type { KubeObject, LabelSelector, Scale } from '../../api/types/index.js';
import { invalidValue } from '../../api/validation/field-errors.js';
import { pauseAfterLostRace, WRITE_RACE_RETRIES } from './lost-race.js';
import type { PatchType } from './patch.js';
import type { Writer } from './managed-fields.js';
import { parseJson } from './request-body.js';

export const SCALE_API_VERSION = 'autoscaling/v1';
const INT32_MAX = 2 ** 31 - 1;

export type { Scale };

/** The registry verbs the scale subresource is built on. */
export interface ScaleTarget {
  get(info: ResourceInfo, namespace: string, name: string): Promise<KubeObject>;
  update(info: ResourceInfo, namespace: string, objectJson: string, dryRun: boolean, writer: Writer): Promise<KubeObject>;
}

function scaleOf(info: ResourceInfo): ScaleSubresource {
  const scale = info.subresources.scale;
  if (!scale) throw badRequest(`${info.plural} have no scale subresource`);
  return scale;
}

/** Reads `.spec.replicas`-style paths of the definition. */
function at(obj: unknown, path: string): unknown {
  let value = obj;
  for (const part of path.split('.').filter(Boolean)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

function setAt(obj: KubeObject, path: string, replicas: number): void {
  const parts = path.split('.').filter(Boolean);
  let node = obj as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = replicas;
}

export function toScale(info: ResourceInfo, obj: KubeObject): Scale {
  const scale = scaleOf(info);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const specReplicas = at(obj, scale.specReplicasPath);
  const statusReplicas = at(obj, scale.statusReplicasPath);
  const selector = (obj.spec as { selector?: LabelSelector } | undefined)?.selector;
  return {
    apiVersion: SCALE_API_VERSION,
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, ...(selector ? { selector: formatLabelSelector(selector) } : {}) },
  };
}

/** Kubernetes' ValidateScale: a whole, non-negative int32 count. */
function replicasOf(scale: unknown, name: string): number {
  const replicas = at(scale, '.spec.replicas');
  const field = 'spec.replicas';
  let detail = '';
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) detail = 'must be an integer';
  else if (replicas < 0) detail = 'must be greater than or equal to 0';
  else if (replicas > INT32_MAX) detail = `must be less than or equal to ${INT32_MAX}`;
  if (detail) throw invalid('Scale', 'autoscaling', name, [invalidValue(field, replicas ?? null, detail)]);
  return replicas as number;
}

function resourceVersionOf(scale: unknown): string {
  const rv = at(scale, '.metadata.resourceVersion');
  return typeof rv === 'string' ? rv : '';
}

/** As Kubernetes' scale storage: a missing object is a missing `<plural>/scale`. */
async function getTarget(target: ScaleTarget, info: ResourceInfo, namespace: string, name: string): Promise<KubeObject> {
  try {
    return await target.get(info, namespace, name);
  } catch (err) {
    if (isApiError(err, 'NotFound')) throw notFound(`${info.plural}/scale`, name, info.group);
    throw err;
  }
}

export async function getScale(target: ScaleTarget, info: ResourceInfo, namespace: string, name: string): Promise<Scale> {
  scaleOf(info);
  return toScale(info, await getTarget(target, info, namespace, name));
}

/**
 * Sets the replicas a Scale names. With the Scale's resourceVersion the write is
 * guarded on it (Conflict when the object moved); without, it retries lost races.
 */
export async function updateScale(
  target: ScaleTarget,
  info: ResourceInfo,
  namespace: string,
  name: string,
  scaleJson: string,
  dryRun: boolean,
  manager?: string,
): Promise<Scale> {
  const scale = parseJson(scaleJson, 'Scale');
  const bodyName = at(scale, '.metadata.name');
  if (bodyName !== undefined && bodyName !== name) {
    throw badRequest(`the name of the Scale (${String(bodyName)}) does not match the name on the URL (${name})`);
  }
  // As Kubernetes does: a missing object is NotFound before its Scale is judged.
  await getTarget(target, info, namespace, name);
  return writeReplicas(target, info, namespace, name, replicasOf(scale, name), resourceVersionOf(scale), dryRun, manager);
}

async function writeReplicas(
  target: ScaleTarget,
  info: ResourceInfo,
  namespace: string,
  name: string,
  replicas: number,
  pinnedVersion: string,
  dryRun: boolean,
  manager: string | undefined,
): Promise<Scale> {
  const path = scaleOf(info).specReplicasPath;
  for (let attempt = 0; ; attempt++) {
    const obj = structuredClone(await target.get(info, namespace, name));
    if (pinnedVersion) obj.metadata.resourceVersion = pinnedVersion;
    setAt(obj, path, replicas);
    try {
      return toScale(info, await target.update(info, namespace, JSON.stringify(obj), dryRun, { manager, subresource: 'scale' }));
    } catch (err) {
      if (pinnedVersion || !isApiError(err, 'Conflict') || attempt >= WRITE_RACE_RETRIES) throw err;
      await pauseAfterLostRace(attempt);
    }
  }
}

/** A patch of the Scale (merge, or JSON patch; a strategic patch of a Scale is a merge, as it has no lists). */
export async function patchScale(
  target: ScaleTarget,
  info: ResourceInfo,
  namespace: string,
  name: string,
  type: PatchType,
  patchJson: string,
  dryRun: boolean,
  manager?: string,
): Promise<Scale> {
  const patch = parseJson(patchJson, 'patch');
  for (let attempt = 0; ; attempt++) {
    const current = await getScale(target, info, namespace, name);
    const patched = type === 'JSON' ? applyJsonPatch(current, patch) : applyMergePatch(current, patch);
    const replicas = replicasOf(patched, name);
    try {
      return await writeReplicas(target, info, namespace, name, replicas, current.metadata.resourceVersion ?? '', dryRun, manager);
    } catch (err) {
      // The object moved between reading the Scale and writing it: patch the newer one.
      if (!isApiError(err, 'Conflict') || resourceVersionOf(patch) !== '' || attempt >= WRITE_RACE_RETRIES) throw err;
      await pauseAfterLostRace(attempt);
    }
  }
}
