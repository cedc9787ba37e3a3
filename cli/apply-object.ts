// apply for one object, as kubectl does it: create it with its
// last-applied annotation when absent, otherwise send the three-way strategic
// merge patch between what was last applied, the new manifest and the live
// object, or nothing when that patch is empty.
import { isApiError } from '../api/errors.js';
import { applyStrategicMergePatch, createThreeWayMergePatch } from '../api/patch/index.js';
import type { ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import type { ApiClient } from '../client/api-client.js';
import type { DryRun } from './flags.js';
import { LAST_APPLIED_ANNOTATION, readLastApplied, withLastApplied } from './last-applied.js';

export type ApplyClient = Pick<ApiClient, 'get' | 'create' | 'patch'>;
export type ApplyAction = 'created' | 'configured' | 'unchanged';
export type ApplyStep = 'get' | 'create' | 'patch';

export interface ApplyResult {
  action: ApplyAction;
  /** The object as the server has it now (or would have it, on a dry run). */
  object: KubeObject;
  /** The live object was not created by apply: it had no last-applied annotation (kubectl warns). */
  missingLastApplied: boolean;
}

/** A failure at one step of apply, kept with what kubectl shows about it. */
export class ApplyStepError extends Error {
  readonly step: ApplyStep;
  override readonly cause: unknown;
  readonly patch: Record<string, unknown> | undefined;

  constructor(step: ApplyStep, cause: unknown, patch?: Record<string, unknown>) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ApplyStepError';
    this.step = step;
    this.cause = cause;
    this.patch = patch;
  }
}

async function current(client: ApplyClient, info: ResourceInfo, obj: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await client.get(info, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw new ApplyStepError('get', err);
  }
}

/** `obj` is the manifest already placed in its namespace. */
export async function applyObject(client: ApplyClient, info: ResourceInfo, obj: KubeObject, dryRun: DryRun): Promise<ApplyResult> {
  const modified = withLastApplied(obj);
  const live = await current(client, info, obj);
  if (!live) {
    if (dryRun === 'client') return { action: 'created', object: modified, missingLastApplied: false };
    try {
      const created = await client.create(info, modified, { dryRun: dryRun === 'server' });
      return { action: 'created', object: created, missingLastApplied: false };
    } catch (err) {
      throw new ApplyStepError('create', err);
    }
  }
  const schema = info.patchSchema;
  const original = readLastApplied(live);
  const missingLastApplied = original === undefined;
  const patch = createThreeWayMergePatch(
    original,
    modified as unknown as Record<string, unknown>,
    live as unknown as Record<string, unknown>,
    schema,
  );
  if (Object.keys(patch).length === 0) return { action: 'unchanged', object: live, missingLastApplied };
  if (dryRun === 'client') {
    const merged = applyStrategicMergePatch(live as unknown as Record<string, unknown>, patch, schema);
    return { action: 'configured', object: merged as unknown as KubeObject, missingLastApplied };
  }
  try {
    const patched = await client.patch(info, obj.metadata.namespace ?? '', obj.metadata.name ?? '', 'strategic', patch, {
      dryRun: dryRun === 'server',
    });
    return { action: 'configured', object: patched, missingLastApplied };
  } catch (err) {
    throw new ApplyStepError('patch', err, patch);
  }
}

/** kubectl's warning when apply takes over an object that create (without --save-config) made. */
export function missingLastAppliedWarning(info: ResourceInfo, obj: KubeObject): string {
  return (
    `Warning: resource ${info.plural}/${obj.metadata.name ?? ''} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by flotctl apply. ` +
    'flotctl apply should only be used on resources created declaratively by either flotctl create --save-config or flotctl apply. ' +
    'The missing annotation will be patched automatically.\n'
  );
}

/** `Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"`, as kubectl names the target. */
export function describeTarget(info: ResourceInfo, obj: KubeObject): string {
  const gv = `${info.group}/${info.version}`;
  return (
    `Resource: "${gv}, Resource=${info.plural}", GroupVersionKind: "${gv}, Kind=${info.kind}"\n` +
    `Name: "${obj.metadata.name ?? ''}", Namespace: "${info.namespaced ? (obj.metadata.namespace ?? '') : ''}"`
  );
}

/** The text between `Error from server (Reason): ` and the server's message, per failed step. */
export function applyErrorContext(err: ApplyStepError, info: ResourceInfo, obj: KubeObject, source: string): string {
  switch (err.step) {
    case 'get':
      return `error when retrieving current configuration of:\n${describeTarget(info, obj)}\nfrom server for: "${source}": `;
    case 'create':
      return `error when creating "${source}": `;
    case 'patch':
      return `error when applying patch:\n${JSON.stringify(err.patch ?? {})}\nto:\n${describeTarget(info, obj)}\nfor: "${source}": error when patching "${source}": `;
  }
}

