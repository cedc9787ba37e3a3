// v1 Node: registered by the node agent. Taints, pod CIDRs and provider ID
// in the spec; capacity and allocatable quantities in the status.
import { isIP } from 'node:net';
import type { FieldError } from '../errors.js';
import { isValidQuantity, QUANTITY_FORMAT_MESSAGE, compareQuantities } from '../quantity.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { child, duplicate, forbidden, index, invalidValue, key } from '../validation/field-errors.js';
import { validateLabelName } from '../validation/labels.js';
import { labelValueErrors, nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validateConditions } from '../validation/pod-status.js';
import { validateTaintEffect } from '../validation/scheduling.js';
import { isRecord, readArray, readBool, readEntry, readRecord, readString, recordOf, stringOf } from '../validation/values.js';
import type { Node } from '../types/node.js';
import { nodeTable } from '../tables/node.js';
import { CORE } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const IPV4_PREFIX_MAX = 32;
const IPV6_PREFIX_MAX = 128;
const NODE_CONDITIONS: ReadonlySet<string> = new Set(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

export function isValidCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const prefixText = value.slice(slash + 1);
  if (family === 0 || !/^[0-9]+$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  return prefix <= (family === 4 ? IPV4_PREFIX_MAX : IPV6_PREFIX_MAX);
}

function applyDefaults(obj: KubeObject): void {
  // SetDefaults_NodeStatus: allocatable defaults to capacity.
  const status = recordOf(obj.status);
  if (isRecord(obj.status) && isRecord(status.capacity) && (status.allocatable === undefined || status.allocatable === null)) {
    status.allocatable = { ...status.capacity };
  }
}

function validateTaints(taints: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  readArray(taints, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const t = readEntry(raw, path, errs);
    if (!t) return;
    const keyText = readString(t.key, child(path, 'key'), errs);
    errs.push(...validateLabelName(keyText, child(path, 'key')));
    const value = readString(t.value, child(path, 'value'), errs);
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) errs.push(invalidValue(child(path, 'value'), value, valueErrors.join(';')));
    const effect = readString(t.effect, child(path, 'effect'), errs);
    errs.push(...validateTaintEffect(effect, false, child(path, 'effect')));
    const identity = `${effect}\u0000${keyText}`;
    if (seen.has(identity)) {
      errs.push(duplicate(path, { key: keyText, effect }, 'taints must be unique by key and effect pair'));
    }
    seen.add(identity);
  });
  return errs;
}

function validateSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  errs.push(...validateTaints(spec.taints, 'spec.taints'));
  const podCIDR = readString(spec.podCIDR, 'spec.podCIDR', errs);
  if (podCIDR && !isValidCidr(podCIDR)) errs.push(invalidValue('spec.podCIDR', podCIDR, CIDR_MESSAGE));
  readArray(spec.podCIDRs, 'spec.podCIDRs', errs).forEach((raw, i) => {
    const cidr = readString(raw, index('spec.podCIDRs', i), errs);
    if (!isValidCidr(cidr)) errs.push(invalidValue(index('spec.podCIDRs', i), cidr, CIDR_MESSAGE));
  });
  readString(spec.providerID, 'spec.providerID', errs);
  readBool(spec.unschedulable, 'spec.unschedulable', errs);
  return errs;
}

function validateResourceList(list: unknown, field: string, errs: FieldError[]): void {
  const resources = readRecord(list, field, errs);
  if (!resources) return;
  for (const [name, value] of Object.entries(resources)) {
    const path = key(field, name);
    errs.push(...validateLabelName(name, path));
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
    if (text === undefined || !isValidQuantity(text)) errs.push(invalidValue(path, value, QUANTITY_FORMAT_MESSAGE));
    else if (compareQuantities(text, 0) < 0) errs.push(invalidValue(path, text, 'must be greater than or equal to 0'));
  }
}

function validateStatus(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = readRecord(obj.status, 'status', errs) ?? {};
  validateResourceList(status.capacity, 'status.capacity', errs);
  validateResourceList(status.allocatable, 'status.allocatable', errs);
  errs.push(...validateConditions(status.conditions, 'status.conditions', NODE_CONDITIONS));
  readArray(status.addresses, 'status.addresses', errs).forEach((raw, i) => {
    const path = index('status.addresses', i);
    const address = readEntry(raw, path, errs) ?? {};
    readString(address.type, child(path, 'type'), errs);
    readString(address.address, child(path, 'address'), errs);
  });
  return errs;
}

function validate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsSubdomain }),
    ...validateSpec(obj),
    ...validateStatus(obj),
  ];
}

/** podCIDR(s) and providerID may be set once, never changed. */
function validateSetOnce(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const next = recordOf(obj.spec);
  const prev = recordOf(old.spec);
  const oldCidrs = JSON.stringify(prev.podCIDRs ?? []);
  const cidrsChanged = stringOf(prev.podCIDR) !== stringOf(next.podCIDR) || oldCidrs !== JSON.stringify(next.podCIDRs ?? []);
  if ((prev.podCIDR || oldCidrs !== '[]') && cidrsChanged) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (prev.providerID && prev.providerID !== next.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

export const nodeStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  tracksGeneration: true,
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj), ...validateSetOnce(obj, old)];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)];
  },
};

const SCHEMA = kindSchema(`${CORE}Node`);

export const nodeKind: KindDefinition<Node> = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  categories: [],
  namespaced: false,
  subresources: { status: true },
  strategy: nodeStrategy,
  table: nodeTable,
  fieldSelectors: { 'spec.unschedulable': (o) => String(recordOf(o.spec).unschedulable === true) },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
