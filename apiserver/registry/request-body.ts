// Checks what a client sent before anything else looks at it.
import { badRequest, invalid } from '../../api/errors.js';
import { invalidValue } from '../../api/validation/field-errors.js';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { findUnsafeInteger, type UnsafeInteger } from './json-integers.js';

/** The namespace a namespaced request lands in when the client names none. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Deepest nesting of objects and arrays a request may carry. Real manifests
 * stay far below it; far deeper documents would exhaust the stack of the
 * recursive code that defaults, validates, patches and compares them.
 */
export const MAX_JSON_DEPTH = 100;

/** How deep `value` nests, counting no further than `limit + 1`; iterative, so any depth is safe to measure. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, level]);
  }
  return deepest;
}

export function parseJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`the ${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw badRequest(`the ${what} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
  const unsafe = findUnsafeInteger(text);
  if (unsafe) throw badRequest(`${describe(value, what)} is invalid: ${unsafeIntegerError(unsafe)}`);
  return value;
}

/** `Deployment "web"` when the body says what it is, else `the object`. */
function describe(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the ${what}`;
  const { kind, metadata } = value as { kind?: unknown; metadata?: { name?: unknown } };
  const name = typeof metadata === 'object' && metadata !== null ? metadata.name : undefined;
  if (typeof kind !== 'string' || kind === '' || typeof name !== 'string') return `the ${what}`;
  return `${kind} ${JSON.stringify(name)}`;
}

export function unsafeIntegerError(unsafe: UnsafeInteger): string {
  const field = unsafe.path || '<root>';
  return `${field}: Invalid value: ${unsafe.literal}: integers beyond ±${Number.MAX_SAFE_INTEGER} cannot be decoded exactly`;
}

/** Parses an object body; apiVersion and kind, when given, must be those of the resource. */
export function parseObject(text: string, info: ResourceInfo): KubeObject {
  const value = parseJson(text, 'object');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('the object must be a JSON object');
  }
  const obj = value as KubeObject;
  checkTypeMeta(obj, info);
  obj.apiVersion = apiVersionOf(info);
  obj.kind = info.kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  else if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    // Replacing it with {} would answer "metadata.name: Required value" about a name that was sent, just misplaced.
    throw invalid(info.kind, info.group, '', [invalidValue('metadata', obj.metadata, 'must be an object')]);
  }
  return obj;
}

export function checkTypeMeta(obj: { apiVersion?: unknown; kind?: unknown }, info: ResourceInfo): void {
  const expected = apiVersionOf(info);
  const { kind, apiVersion } = obj;
  const kindOk = kind === undefined || kind === '' || kind === info.kind;
  const versionOk = apiVersion === undefined || apiVersion === '' || apiVersion === expected;
  if (kindOk && versionOk) return;
  const known = RESOURCES.some((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
  const what = `apiVersion "${String(apiVersion ?? '')}", kind "${String(kind ?? '')}"`;
  const served = `apiVersion "${expected}", kind "${info.kind}"`;
  throw badRequest(
    known
      ? `the object (${what}) does not belong to the resource ${info.plural}, which serves ${served}`
      : `no kind "${String(kind ?? '')}" is registered for version "${String(apiVersion ?? '')}"; the resource ${info.plural} serves ${served}`,
  );
}

/**
 * The resourceVersion a write is conditional on: "" for none (unset, or "0" as
 * Kubernetes reads it), else the decimal revision it must match.
 */
export function preconditionResourceVersion(value: unknown): string {
  if (value === undefined || value === null || value === '' || value === '0') return '';
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw badRequest(
    `metadata.resourceVersion: Invalid value: ${JSON.stringify(value)}: must be a resourceVersion the server returned (a decimal number in a string)`,
  );
}

/**
 * The namespace an object belongs to: the request's and the body's must agree;
 * cluster-scoped objects have none.
 */
export function resolveNamespace(info: ResourceInfo, requestNamespace: string, bodyNamespace: unknown): string {
  if (!info.namespaced) return '';
  const fromBody = typeof bodyNamespace === 'string' ? bodyNamespace : '';
  if (requestNamespace && fromBody && requestNamespace !== fromBody) {
    throw badRequest(
      `the namespace of the provided object (${fromBody}) does not match the namespace sent on the request (${requestNamespace})`,
    );
  }
  return requestNamespace || fromBody || DEFAULT_NAMESPACE;
}

export function requestNamespaceFor(info: ResourceInfo, namespace: string): string {
  if (!info.namespaced) return '';
  return namespace || DEFAULT_NAMESPACE;
}

/**
 * Names and namespaces become etcd key segments: they must be one segment.
 * (Full name validation is the kind's job; this guards the key space.)
 */
export function assertKeySegment(value: string, what: 'name' | 'namespace'): void {
  if (value === '') throw badRequest(`the request must name the ${what === 'name' ? 'object' : 'namespace'}`);
  if (value.includes('/') || value === '.' || value === '..' || value.includes('\0')) {
    throw badRequest(`invalid ${what} ${JSON.stringify(value)}: may not contain '/' or be '.' or '..'`);
  }
}

/** Checks the namespace (when the kind has one) and the name of a request. */
export function assertObjectPath(info: ResourceInfo, namespace: string, name: string): void {
  if (info.namespaced) assertKeySegment(namespace, 'namespace');
  assertKeySegment(name, 'name');
}
