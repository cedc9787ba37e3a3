// Small constructors for schema literals, so the component files read like
// the Go structs they mirror: one line per field.
import { INT_OR_STRING, META, QUANTITY } from './names.js';
import { COMPONENT_REF_PREFIX, type GroupVersionKind, type OpenApiSchema } from './schema.js';

export type Properties = Readonly<Record<string, OpenApiSchema>>;

/** Extensions and annotations a property may carry next to its type. */
export type Extras = Omit<OpenApiSchema, 'type' | 'properties' | 'items' | '$ref' | 'allOf'>;

export const str = (extras: Extras = {}): OpenApiSchema => ({ type: 'string', ...extras });
export const bool = (extras: Extras = {}): OpenApiSchema => ({ type: 'boolean', ...extras });
export const int32 = (extras: Extras = {}): OpenApiSchema => ({ type: 'integer', format: 'int32', ...extras });
export const int64 = (extras: Extras = {}): OpenApiSchema => ({ type: 'integer', format: 'int64', ...extras });
export const num = (extras: Extras = {}): OpenApiSchema => ({ type: 'number', format: 'double', ...extras });
export const dateTime = (extras: Extras = {}): OpenApiSchema => ({ type: 'string', format: 'date-time', ...extras });

/**
 * A reference to a named component. With extras, Kubernetes' form: OpenAPI 3.0
 * ignores siblings of `$ref`, so the reference goes in a one-element allOf.
 */
export function ref(name: string, extras: Extras = {}): OpenApiSchema {
  const target: OpenApiSchema = { $ref: `${COMPONENT_REF_PREFIX}${name}` };
  return Object.keys(extras).length === 0 ? target : { allOf: [target], ...extras };
}

export const quantity = (extras: Extras = {}): OpenApiSchema => ref(QUANTITY, extras);
export const intOrString = (extras: Extras = {}): OpenApiSchema => ref(INT_OR_STRING, extras);
export const time = (extras: Extras = {}): OpenApiSchema => ref(`${META}Time`, extras);
export const microTime = (extras: Extras = {}): OpenApiSchema => ref(`${META}MicroTime`, extras);

/** map[string]string: labels, annotations, node selectors. */
export const stringMap = (extras: Extras = {}): OpenApiSchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  ...extras,
});

/** A ResourceList: resource name to quantity. */
export const quantityMap = (extras: Extras = {}): OpenApiSchema => ({
  type: 'object',
  additionalProperties: quantity(),
  ...extras,
});

export const arrayOf = (items: OpenApiSchema, extras: Extras = {}): OpenApiSchema => ({ type: 'array', items, ...extras });

/** []string replaced whole on patch (`+listType=atomic`). */
export const strings = (extras: Extras = {}): OpenApiSchema =>
  arrayOf(str({ default: '' }), { 'x-kubernetes-list-type': 'atomic', ...extras });

/** A list of components replaced whole on patch. */
export const atomicList = (component: string, extras: Extras = {}): OpenApiSchema =>
  arrayOf(ref(component), { 'x-kubernetes-list-type': 'atomic', ...extras });

/**
 * A list of components that server-side apply keys by `keys`, while strategic
 * merge still replaces it whole (no patchStrategy tag in Kubernetes).
 */
export const keyedList = (component: string, keys: readonly string[], extras: Extras = {}): OpenApiSchema =>
  arrayOf(ref(component), { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, ...extras });

/**
 * A list of components merged element by element on strategic merge, keyed by
 * `key` (`patchStrategy:"merge" patchMergeKey:key`, a list-map for server-side apply).
 */
export function mergedList(component: string, key: string, extras: Extras = {}): OpenApiSchema {
  return arrayOf(ref(component), {
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    ...extras,
  });
}

export function object(properties: Properties, required: readonly string[] = [], extras: Extras = {}): OpenApiSchema {
  return required.length === 0
    ? { type: 'object', properties, ...extras }
    : { type: 'object', properties, required, ...extras };
}

/**
 * An object whose members are not declared: strict validation stops here and
 * accepts any field. Used for deep, rarely written structures.
 */
export const preserved = (description: string): OpenApiSchema => ({
  type: 'object',
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});

/** The envelope every top-level kind shares: apiVersion, kind, metadata, then its own members. */
export function kindObject(gvk: GroupVersionKind, description: string, properties: Properties, required: readonly string[] = []): OpenApiSchema {
  return object(
    {
      apiVersion: str(),
      kind: str(),
      metadata: ref(`${META}ObjectMeta`, { default: {} }),
      ...properties,
    },
    required,
    { description, 'x-kubernetes-group-version-kind': [gvk] },
  );
}

/**
 * A status condition as most kinds declare it: type, status, reason, message
 * and lastTransitionTime, plus what the kind adds (lastProbeTime,
 * lastHeartbeatTime, observedGeneration).
 */
export function condition(extra: Properties = {}): OpenApiSchema {
  return object(
    {
      lastTransitionTime: time(),
      ...extra,
      message: str(),
      reason: str(),
      status: str({ default: '' }),
      type: str({ default: '' }),
    },
    ['type', 'status'],
  );
}
