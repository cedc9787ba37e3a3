// Query parameters as Kubernetes reads them: Go's boolean spellings, dryRun,
// watch timeouts, and DeleteOptions given in the query instead of a body.
import { badRequest } from '../../api/errors.js';
import type { DeleteOptions } from '../../api/types/index.js';
import type { ListOptions } from '../registry/list-options.js';

const TRUE_WORDS = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** The only dryRun value Kubernetes knows: run every stage, store nothing. */
export const DRY_RUN_ALL = 'All';

/** A boolean parameter as Go's strconv.ParseBool reads it; absent is `fallback`. */
export function boolParam(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw badRequest(`invalid value for query parameter ${name}: ${JSON.stringify(value)} is not a boolean`);
}

/** Whether a write is a dry run; only `All` is known, as Kubernetes answers for anything else. */
export function dryRunValues(values: readonly unknown[]): boolean {
  for (const value of values) {
    if (value !== DRY_RUN_ALL) throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "${DRY_RUN_ALL}"`);
  }
  return values.length > 0;
}

export function isDryRun(query: URLSearchParams): boolean {
  return dryRunValues(query.getAll('dryRun'));
}

/** A non-negative integer parameter, or undefined when absent. */
export function integerParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`invalid value for query parameter ${name}: ${JSON.stringify(value)} is not an integer`);
  return Number(value);
}

const PROPAGATION_POLICIES = new Set(['Orphan', 'Background', 'Foreground']);

/** Every DeleteOptions field this server honours, plus dryRun, as the body or the query carries them. */
export interface HttpDeleteOptions extends DeleteOptions {
  orphanDependents?: boolean;
  dryRun?: string[];
}

function fromQuery(query: URLSearchParams): HttpDeleteOptions {
  const options: HttpDeleteOptions = {};
  const grace = integerParam(query, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  const policy = query.get('propagationPolicy');
  if (policy !== null && policy !== '') {
    if (!PROPAGATION_POLICIES.has(policy)) throw badRequest(`unsupported propagationPolicy "${policy}": use Orphan, Background or Foreground`);
    options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  if (query.has('orphanDependents')) options.orphanDependents = boolParam(query, 'orphanDependents');
  return options;
}

function fromBody(body: string): HttpDeleteOptions {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw badRequest(`the delete options are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the delete options must be a JSON object');
  const { kind } = value as { kind?: unknown };
  if (kind !== undefined && kind !== 'DeleteOptions') throw badRequest(`the body of a delete must be DeleteOptions, not ${JSON.stringify(kind)}`);
  return value as HttpDeleteOptions;
}

/**
 * The options of a delete: from the body when there is one, else from the
 * query (as Kubernetes reads them); the query's dryRun adds to the body's.
 * orphanDependents, the old spelling, becomes a propagation policy.
 */
export function deleteOptionsOf(query: URLSearchParams, body: string): { options: DeleteOptions; dryRun: boolean } {
  const given = body.trim() === '' ? fromQuery(query) : fromBody(body);
  const dryRun = dryRunValues([...(Array.isArray(given.dryRun) ? given.dryRun : []), ...query.getAll('dryRun')]);
  const { orphanDependents, dryRun: _ignored, ...options } = given;
  if (orphanDependents !== undefined && orphanDependents !== null) {
    if (options.propagationPolicy) throw badRequest('orphanDependents and propagationPolicy cannot both be set');
    options.propagationPolicy = orphanDependents ? 'Orphan' : 'Background';
  }
  return { options, dryRun };
}

/** The paging and resourceVersion parameters of a list, as given; the registry checks how they combine. */
export function listOptionsOf(query: URLSearchParams): ListOptions {
  return {
    limit: integerParam(query, 'limit'),
    continue: query.get('continue') ?? '',
    resourceVersion: query.get('resourceVersion') ?? '',
    resourceVersionMatch: query.get('resourceVersionMatch') ?? '',
  };
}
