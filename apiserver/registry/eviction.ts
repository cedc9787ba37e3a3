// Eviction (POST pods/<name>/eviction): a graceful delete of the pod that
// its PodDisruptionBudget may refuse (eviction-policy.ts). The body is a
// policy/v1 (or v1beta1) Eviction naming the pod, with optional DeleteOptions
// honoured as DELETE honours them: grace period, preconditions, dry run. A
// granted disruption is written to the budget's status, guarded by the
// resourceVersion it was judged at, before the pod is deleted: of two
// evictions racing for the last allowed disruption one writes and the other
// re-reads the budget and is refused.
import { badRequest, isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { DeleteOptions, Pod, PodDisruptionBudget } from '../../api/types/index.js';
import type { RegistryContext } from './context.js';
import { deleteObject } from './delete.js';
import { evictionVerdict, type EvictionVerdict } from './eviction-policy.js';
import { listObjects } from './list.js';
import { pauseAfterLostRace } from './lost-race.js';
import { updateObject } from './update.js';
import { parseJson } from './request-body.js';
import { mustReadObject } from './stored-object.js';
import { modifiedConflict } from './conflicts.js';

export const EVICTION_API_VERSIONS = ['policy/v1', 'policy/v1beta1'];
const EVICTION_KIND = 'Eviction';

export interface Eviction {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: DeleteOptions & { dryRun?: string[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Eviction a body holds, for the pod named on the URL. */
export function parseEviction(json: string, podName: string): Eviction {
  const value = parseJson(json, 'eviction');
  if (!isObject(value)) throw badRequest('the eviction must be a JSON object');
  const { apiVersion, kind, metadata, deleteOptions } = value;
  if (apiVersion !== undefined && !EVICTION_API_VERSIONS.includes(String(apiVersion))) {
    throw badRequest(`the body of pods/eviction must be an Eviction of ${EVICTION_API_VERSIONS.join(' or ')}, not apiVersion ${JSON.stringify(apiVersion)}`);
  }
  if (kind !== undefined && kind !== EVICTION_KIND) throw badRequest(`the body of pods/eviction must be an Eviction, not ${JSON.stringify(kind)}`);
  if (metadata !== undefined && !isObject(metadata)) throw badRequest('the eviction\'s metadata must be an object');
  if (deleteOptions !== undefined && deleteOptions !== null && !isObject(deleteOptions)) throw badRequest('the eviction\'s deleteOptions must be an object');
  if (metadata?.name !== podName) throw badRequest('name in URL does not match name in Eviction object');
  return value as Eviction;
}

/** Re-reads of the budget after losing its status write to another writer (Kubernetes' EvictionsRetry steps). */
export const EVICTION_BUDGET_RETRIES = 20;

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function budgetsIn(ctx: RegistryContext, namespace: string): Promise<PodDisruptionBudget[]> {
  const list = await listObjects(ctx, { info: resources.podDisruptionBudgets, namespace });
  return list.items as PodDisruptionBudget[];
}

/** Takes the granted disruption from the budget; false when another writer changed the budget first. */
async function writeBudget(ctx: RegistryContext, verdict: Extract<EvictionVerdict, { budget: PodDisruptionBudget }>): Promise<boolean> {
  try {
    await updateObject(ctx, resources.podDisruptionBudgets, verdict.budget.metadata.namespace ?? '', JSON.stringify({ ...verdict.budget, status: verdict.status }), 'status', false);
    return true;
  } catch (err) {
    if (isApiError(err, 'Conflict')) return false;
    throw err;
  }
}

/** Evicts the pod as Kubernetes does: 404 when it is gone, 429 when its budget cannot afford it, else a graceful delete. */
export async function evictPod(ctx: RegistryContext, namespace: string, name: string, eviction: Eviction, dryRun: boolean): Promise<void> {
  const pod = (await mustReadObject(ctx, resources.pods, namespace, name)).object as Pod;
  for (let attempt = 0; ; attempt++) {
    const verdict = evictionVerdict(pod, await budgetsIn(ctx, namespace), rfc3339(ctx.now()));
    if (!verdict.allowed) throw verdict.error;
    if (!('budget' in verdict) || dryRun || (await writeBudget(ctx, verdict))) break;
    if (attempt >= EVICTION_BUDGET_RETRIES) throw modifiedConflict(resources.podDisruptionBudgets, verdict.budget.metadata.name ?? '');
    await pauseAfterLostRace(attempt);
  }
  const { dryRun: _merged, ...options } = eviction.deleteOptions ?? {};
  await deleteObject(ctx, resources.pods, namespace, name, JSON.stringify(options), dryRun);
}
