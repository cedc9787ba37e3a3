// Container environment: env (names, value vs valueFrom, downward API field
// paths) and envFrom, with Kubernetes' messages.
import type { FieldError } from '../errors.js';
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { child, index, invalidValue, notSupported, required } from './field-errors.js';
import { configMapKeyErrors, nameIsDnsSubdomain, qualifiedNameErrors, relaxedEnvVarNameErrors } from './names.js';
import { readArray, readEntry, readRecord, readString, type JsonRecord } from './values.js';

/** Field paths the downward API can put into an environment variable. */
export const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;

/** Every label the v1 downward API converter knows; the env list above is a subset. */
const DOWNWARD_API_LABELS = new Set<string>([
  ...ENV_FIELD_PATHS,
  'metadata.annotations',
  'metadata.labels',
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
]);

const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];
const HUGEPAGES_FIELD_PREFIXES = ['requests.hugepages-', 'limits.hugepages-'];
const CPU_DIVISORS = ['1m', '1'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

/** `metadata.labels['app']` -> ['metadata.labels', 'app']. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const trimmed = path.slice(0, -2);
  const at = trimmed.indexOf("['");
  if (at <= 0) return undefined;
  return [trimmed.slice(0, at), trimmed.slice(at + 2)];
}

/** Field paths a downwardAPI volume file can hold (labels and annotations as whole maps too). */
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'] as const;

export function validateFieldRef(ref: JsonRecord, field: string, allowed: readonly string[] = ENV_FIELD_PATHS): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = readString(ref.apiVersion, child(field, 'apiVersion'), errs);
  if (!apiVersion) return [...errs, required(child(field, 'apiVersion'))];
  const fieldPath = readString(ref.fieldPath, child(field, 'fieldPath'), errs);
  if (!fieldPath) return [...errs, required(child(field, 'fieldPath'))];
  if (apiVersion !== 'v1') {
    return [...errs, invalidValue(child(field, 'fieldPath'), fieldPath, `error converting fieldPath: unsupported pod version: ${apiVersion}`)];
  }
  const subscripted = splitSubscript(fieldPath);
  if (subscripted) {
    const [path, subscript] = subscripted;
    if (path === 'metadata.labels') errs.push(...qualifiedNameErrors(subscript).map((m) => invalidValue(field, subscript, m)));
    else if (path === 'metadata.annotations') {
      errs.push(...qualifiedNameErrors(subscript.toLowerCase()).map((m) => invalidValue(field, subscript.toLowerCase(), m)));
    } else {
      errs.push(
        invalidValue(child(field, 'fieldPath'), fieldPath, `error converting fieldPath: field label does not support subscript: ${fieldPath}`),
      );
    }
    return errs;
  }
  if (!DOWNWARD_API_LABELS.has(fieldPath)) {
    errs.push(invalidValue(child(field, 'fieldPath'), fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`));
  } else if (!allowed.includes(fieldPath)) {
    errs.push(notSupported(child(field, 'fieldPath'), fieldPath, [...allowed].sort()));
  }
  return errs;
}

function divisorAllowed(divisor: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => compareQuantities(divisor, a) === 0);
}

export function validateResourceFieldRef(ref: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const resource = readString(ref.resource, child(field, 'resource'), errs);
  if (!resource) errs.push(required(child(field, 'resource')));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !HUGEPAGES_FIELD_PREFIXES.some((p) => resource.startsWith(p))) {
    errs.push(notSupported(child(field, 'resource'), resource, RESOURCE_FIELD_PATHS));
  }
  const divisorRaw = ref.divisor;
  if (divisorRaw === undefined || divisorRaw === null) return errs;
  const divisor = String(divisorRaw);
  if (!isValidQuantity(divisor) || compareQuantities(divisor, 0) === 0) return errs;
  const divisorPath = child(field, 'divisor');
  if (resource.endsWith('.cpu') && !divisorAllowed(divisor, CPU_DIVISORS)) {
    errs.push(invalidValue(divisorPath, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  } else if (resource.endsWith('.memory') && !divisorAllowed(divisor, BYTE_DIVISORS)) {
    errs.push(
      invalidValue(divisorPath, resource, `only divisor's values ${BYTE_DIVISORS.join(', ')} are supported with the memory resource`),
    );
  }
  return errs;
}

function validateKeySelector(ref: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = readString(ref.name, child(field, 'name'), errs);
  for (const msg of nameIsDnsSubdomain(name, false)) errs.push(invalidValue(child(field, 'name'), name, msg));
  const keyText = readString(ref.key, child(field, 'key'), errs);
  if (!keyText) errs.push(required(child(field, 'key')));
  else for (const msg of configMapKeyErrors(keyText)) errs.push(invalidValue(child(field, 'key'), keyText, msg));
  return errs;
}

function validateValueFrom(env: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const from = readRecord(env.valueFrom, field, errs);
  if (!from) return errs;
  let sources = 0;
  for (const source of VALUE_FROM_SOURCES) {
    const ref = readRecord(from[source], child(field, source), errs);
    if (!ref) continue;
    sources += 1;
    if (source === 'fieldRef') errs.push(...validateFieldRef(ref, child(field, source)));
    else if (source === 'resourceFieldRef') errs.push(...validateResourceFieldRef(ref, child(field, source)));
    else errs.push(...validateKeySelector(ref, child(field, source)));
  }
  const value = typeof env.value === 'string' ? env.value : '';
  if (sources === 0) {
    errs.push(invalidValue(field, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (value.length > 0) {
    errs.push(invalidValue(field, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalidValue(field, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

export function validateEnv(env: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(env, field, errs).forEach((raw, i) => {
    const itemPath = index(field, i);
    const item = readEntry(raw, itemPath, errs);
    if (!item) return;
    const name = readString(item.name, child(itemPath, 'name'), errs);
    if (!name) errs.push(required(child(itemPath, 'name')));
    else for (const msg of relaxedEnvVarNameErrors(name)) errs.push(invalidValue(child(itemPath, 'name'), name, msg));
    readString(item.value, child(itemPath, 'value'), errs);
    errs.push(...validateValueFrom(item, child(itemPath, 'valueFrom')));
  });
  return errs;
}

function validateEnvSourceRef(ref: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = readString(ref.name, child(field, 'name'), errs);
  if (!name) errs.push(required(child(field, 'name')));
  else for (const msg of nameIsDnsSubdomain(name, true)) errs.push(invalidValue(child(field, 'name'), name, msg));
  return errs;
}

export function validateEnvFrom(envFrom: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(envFrom, field, errs).forEach((raw, i) => {
    const itemPath = index(field, i);
    const item = readEntry(raw, itemPath, errs);
    if (!item) return;
    const prefix = readString(item.prefix, child(itemPath, 'prefix'), errs);
    if (prefix) for (const msg of relaxedEnvVarNameErrors(prefix)) errs.push(invalidValue(child(itemPath, 'prefix'), prefix, msg));
    let sources = 0;
    for (const source of ['configMapRef', 'secretRef'] as const) {
      const ref = readRecord(item[source], child(itemPath, source), errs);
      if (!ref) continue;
      sources += 1;
      errs.push(...validateEnvSourceRef(ref, child(itemPath, source)));
    }
    if (sources === 0) errs.push(invalidValue(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalidValue(field, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
