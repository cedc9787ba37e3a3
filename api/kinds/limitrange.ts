// v1 LimitRange: per-Container and per-Pod bounds (min, max, a limit-to-request
// ratio) and the requests and limits containers get when they set none. The
// LimitRanger admission applies them; nothing here looks at pods.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { compareQuantities } from '../quantity.js';
import { isLimitResourceName, validateResourceList } from '../quota/resource-names.js';
import { limitRangeTable } from '../tables/quota.js';
import type { KubeObject } from '../types/meta.js';
import type { LimitRange } from '../types/quota.js';
import { child, index, invalidValue, key, notSupported, required } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { isRecord, readArray, readEntry, readRecord } from '../validation/values.js';
import { metadataOnlyStatusUpdate, revalidateOnUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

export const LIMIT_TYPES = ['Container', 'Pod', 'PersistentVolumeClaim'] as const;
const BOUNDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type Bound = (typeof BOUNDS)[number];

/** `lower` must not exceed `upper` for any resource both name. */
function ordered(lists: Record<Bound, Record<string, string>>, lower: Bound, upper: Bound, path: string, detail: string, errs: FieldError[]): void {
  for (const [name, low] of Object.entries(lists[lower])) {
    const high = lists[upper][name];
    if (high !== undefined && compareQuantities(low, high) > 0) {
      errs.push(invalidValue(key(child(path, lower), name), low, detail.replace('%l', low).replace('%u', high)));
    }
  }
}

function validateItem(value: unknown, path: string, errs: FieldError[]): void {
  const item = readEntry(value, path, errs);
  if (!item) return;
  const type = item.type;
  if (type === undefined || type === '') errs.push(required(child(path, 'type')));
  else if (!LIMIT_TYPES.includes(type as (typeof LIMIT_TYPES)[number])) errs.push(notSupported(child(path, 'type'), type, LIMIT_TYPES));
  const lists = {} as Record<Bound, Record<string, string>>;
  for (const bound of BOUNDS) lists[bound] = validateResourceList(item[bound], child(path, bound), isLimitResourceName, errs);
  if (type === 'Pod') {
    for (const bound of ['default', 'defaultRequest'] as const) {
      if (Object.keys(lists[bound]).length > 0) errs.push(invalidValue(child(path, bound), item[bound], "may not be specified when `type` is 'Pod'"));
    }
  }
  ordered(lists, 'min', 'max', path, 'min value %l is greater than max value %u', errs);
  ordered(lists, 'min', 'default', path, 'min value %l is greater than default value %u', errs);
  ordered(lists, 'default', 'max', path, 'default value %l is greater than max value %u', errs);
  ordered(lists, 'defaultRequest', 'default', path, 'default request value %l is greater than default limit value %u', errs);
  ordered(lists, 'min', 'defaultRequest', path, 'min value %l is greater than default request value %u', errs);
  for (const [name, ratio] of Object.entries(lists.maxLimitRequestRatio)) {
    if (compareQuantities(ratio, 1) < 0) errs.push(invalidValue(key(child(path, 'maxLimitRequestRatio'), name), ratio, `ratio ${ratio} is less than 1`));
  }
}

/** Upstream's defaults of a Container item: max is the default limit, which with min is the default request. */
function defaultItem(item: Record<string, unknown>): void {
  if (item.type !== 'Container') return;
  const lists = (field: string): Record<string, unknown> => {
    if (!isRecord(item[field])) item[field] = {};
    return item[field] as Record<string, unknown>;
  };
  const fillFrom = (into: Record<string, unknown>, from: unknown): void => {
    if (!isRecord(from)) return;
    for (const [name, value] of Object.entries(from)) if (into[name] === undefined) into[name] = value;
  };
  const limit = lists('default');
  fillFrom(limit, item.max);
  const request = lists('defaultRequest');
  fillFrom(request, limit);
  fillFrom(request, item.min);
}

function defaultLimitRange(obj: KubeObject): void {
  const spec = isRecord(obj.spec) ? obj.spec : undefined;
  if (spec && Array.isArray(spec.limits)) spec.limits.filter(isRecord).forEach(defaultItem);
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  readArray(spec.limits, 'spec.limits', errs).forEach((item, i) => validateItem(item, index('spec.limits', i), errs));
  return errs;
}

export const limitRangeStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  tracksGeneration: false,
  applyDefaults: defaultLimitRange,
  validate,
  validateUpdate: revalidateOnUpdate(validate),
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${CORE}LimitRange`);

export const limitRangeKind: KindDefinition<LimitRange> = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  singular: 'limitrange',
  shortNames: ['limits'],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: limitRangeStrategy,
  table: limitRangeTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
