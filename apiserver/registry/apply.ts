// Server-side apply (PATCH with application/apply-patch+yaml): the applied
// configuration is merged into the live object by the kind's schema, its
// manager's managed fields recorded and other managers' fields guarded by
// conflicts; an object that does not exist yet is created from it. Like every
// update it starts from the watch cache's copy (guaranteed-update.ts).
import { parseDocument } from 'yaml';
import { ApiError, isApiError, notFound } from '../../api/errors.js';
import { isPlainObject } from '../../api/json-value.js';
import { applyConfiguration, readManagers, rootTypeOf } from '../../api/managed-fields/index.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { resourceVersionPreconditionConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { createObject } from './create.js';
import { guaranteedUpdate } from './guaranteed-update.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import { scopeOf, setManagers } from './managed-fields.js';
import { rfc3339 } from './object-meta.js';
import { jsonDepth, MAX_JSON_DEPTH, preconditionResourceVersion } from './request-body.js';
import { assertStatusSubresource } from './update.js';
import { updateStored } from './write-update.js';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  dryRun: boolean;
  status: boolean;
}

export interface ApplyResult {
  object: KubeObject;
  created: boolean;
}

/** A 400 that names the object the configuration was meant for. */
function refused(info: Pick<ResourceInfo, 'group' | 'plural'>, name: string, message: string): ApiError {
  return new ApiError('BadRequest', message, { name, kind: info.plural, group: info.group });
}

/** The configuration as an object: YAML or JSON, one document. */
export function parseConfiguration(info: ResourceInfo, name: string, text: string): Record<string, unknown> {
  const doc = parseDocument(text, { uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) throw refused(info, name, `error decoding YAML: ${problem.message.split('\n')[0]}`);
  const value: unknown = doc.toJS();
  if (!isPlainObject(value)) throw refused(info, name, `error decoding YAML: the apply configuration for ${info.plural} "${name}" must be an object`);
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw refused(info, name, `the apply configuration nests more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}

/** The configuration's apiVersion and kind must be those the request's URL serves. */
export function assertConfigurationType(info: Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'plural'>, name: string, config: Record<string, unknown>): void {
  const expected = apiVersionOf(info);
  if (config.apiVersion !== expected) {
    throw refused(info, name, `Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: ${expected}`);
  }
  if (config.kind !== info.kind) {
    throw refused(info, name, `Incorrect kind specified in apply patch. Specified patch kind: ${String(config.kind ?? '')}, expected: ${info.kind}`);
  }
}

/** The configuration must be for this object: its version, kind, name and namespace; no managedFields. */
function checkConfiguration(info: ResourceInfo, namespace: string, name: string, config: Record<string, unknown>): void {
  // The checks below fill in what is missing; the caller's object stays as it was.
  config.metadata = isPlainObject(config.metadata) ? { ...config.metadata } : config.metadata;
  assertConfigurationType(info, name, config);
  if (config.metadata === undefined || config.metadata === null) config.metadata = {};
  if (!isPlainObject(config.metadata)) throw refused(info, name, 'metadata must be an object');
  const meta = config.metadata;
  if (meta.name === undefined) meta.name = name;
  if (meta.name !== name) {
    throw refused(info, name, `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  }
  if (info.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
    throw refused(info, name, `the namespace of the object (${String(meta.namespace)}) does not match the namespace on the URL (${namespace})`);
  }
  if (meta.managedFields !== undefined) throw refused(info, name, 'metadata.managedFields must be nil');
}

/** What a write through `status` or the main resource may set of the configuration. */
function scopedConfiguration(info: ResourceInfo, config: Record<string, unknown>, status: boolean): Record<string, unknown> {
  if (status) return { apiVersion: config.apiVersion, kind: config.kind, metadata: config.metadata, status: config.status };
  if (!info.subresources.status) return config;
  const { status: _ignored, ...rest } = config;
  return rest;
}

export async function applyObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
  parsed: Record<string, unknown>,
  options: ApplyOptions,
): Promise<ApplyResult> {
  if (options.status) assertStatusSubresource(info);
  checkConfiguration(info, namespace, name, parsed);
  const config = scopedConfiguration(info, parsed, options.status);
  const subresource = options.status ? 'status' : '';
  const wanted = preconditionResourceVersion((config.metadata as KubeObject['metadata']).resourceVersion);
  const base = {
    type: rootTypeOf(info.schema),
    config,
    applier: { manager: options.manager, apiVersion: apiVersionOf(info), subresource },
    scope: scopeOf(info, subresource),
    force: options.force,
  } as const;
  return guaranteedUpdate<ApplyResult>(ctx, {
    info,
    namespace,
    name,
    retries: WRITE_RACE_RETRIES,
    dryRun: options.dryRun,
    absent: async () => {
      if (options.status) throw notFound(info.plural, name, info.group);
      const outcome = applyConfiguration({ ...base, live: undefined, managers: [], now: rfc3339(ctx.now()) });
      const obj = outcome.object as KubeObject;
      setManagers(obj, outcome.managers);
      try {
        return { value: { object: await createObject(ctx, info, namespace, JSON.stringify(obj), options.dryRun, { applied: true }), created: true }, wrote: !options.dryRun };
      } catch (err) {
        // Created by someone else meanwhile: apply to theirs.
        if (isApiError(err, 'AlreadyExists')) return 'lost-race';
        throw err;
      }
    },
    attempt: async (stored) => {
      if (wanted && wanted !== String(stored.modRevision)) {
        throw resourceVersionPreconditionConflict(info, name, wanted, String(stored.modRevision));
      }
      const live = stored.object;
      const outcome = applyConfiguration({ ...base, live, managers: readManagers(live.metadata.managedFields), now: rfc3339(ctx.now()) });
      const merged = outcome.object as KubeObject;
      setManagers(merged, outcome.managers);
      const result = await updateStored(ctx, info, stored, merged, options.status ? 'status' : 'main', options.dryRun, { applied: true }, ctx.now());
      return result === 'lost-race' ? result : { value: { object: result.object, created: false }, wrote: result.wrote };
    },
  });
}

