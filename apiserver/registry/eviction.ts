// Eviction (POST pods/<name>/eviction): a graceful delete of the pod that
// disruption policy may refuse (eviction-policy.ts). The body is a policy/v1
// (or v1beta1) Eviction naming the pod, with optional DeleteOptions honoured as
// DELETE honours them: grace period, preconditions, dry run.
import { ApiError, badRequest } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { DeleteOptions, Pod } from '../../api/types/index.js';
import type { RegistryContext } from './context.js';
import { deleteObject } from './delete.js';
import { evictionVerdict } from './eviction-policy.js';
import { parseJson } from './request-body.js';
import { mustReadObject } from './stored-object.js';

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

/** Too many disruptions right now: Kubernetes' 429 for an eviction a budget refuses. */
function evictionRefused(why: string): ApiError {
  return new ApiError('TooManyRequests', `Cannot evict pod as it would violate the pod's disruption budget.${why ? ` ${why}` : ''}`, {
    causes: [{ reason: 'DisruptionBudget', message: why }],
  });
}

/** Evicts the pod as Kubernetes does: 404 when it is gone, 429 when policy refuses, else a graceful delete. */
export async function evictPod(ctx: RegistryContext, namespace: string, name: string, eviction: Eviction, dryRun: boolean): Promise<void> {
  const stored = await mustReadObject(ctx, resources.pods, namespace, name);
  const verdict = evictionVerdict(stored.object as Pod);
  if (!verdict.allowed) throw evictionRefused(verdict.why);
  const { dryRun: _merged, ...options } = eviction.deleteOptions ?? {};
  await deleteObject(ctx, resources.pods, namespace, name, JSON.stringify(options), dryRun);
}
