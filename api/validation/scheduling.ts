// Where a pod may run: tolerations, node affinity, pod (anti-)affinity.
import type { FieldError } from '../errors.js';
import { child, forbidden, index, invalidValue, notSupported, required } from './field-errors.js';
import { validateLabelName, validateLabelSelector, validateLabelValue } from './labels.js';
import { labelValueErrors, nameIsDnsLabel, nameIsDnsSubdomain } from './names.js';
import { isAbsent, readArray, readEntry, readInt, readRecord, readString, type JsonRecord } from './values.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const MIN_WEIGHT = 1;
const MAX_WEIGHT = 100;
const INTEGER_PATTERN = /^[+-]?[0-9]+$/;

/** Kubernetes' validateTaintEffect; `allowEmpty` for tolerations, where "" means every effect. */
export function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): FieldError[] {
  if (!effect) return allowEmpty ? [] : [required(field)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(field, effect, TAINT_EFFECTS)];
}

export function validateTolerations(tolerations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(tolerations, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const t = readEntry(raw, path, errs);
    if (!t) return;
    const keyText = readString(t.key, child(path, 'key'), errs);
    const operator = readString(t.operator, child(path, 'operator'), errs);
    const value = readString(t.value, child(path, 'value'), errs);
    const effect = readString(t.effect, child(path, 'effect'), errs);
    const seconds = readInt(t.tolerationSeconds, child(path, 'tolerationSeconds'), errs);
    if (keyText) errs.push(...validateLabelName(keyText, child(path, 'key')));
    if (!keyText && operator !== 'Exists') {
      errs.push(
        invalidValue(child(path, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
      );
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      errs.push(invalidValue(child(path, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = labelValueErrors(value);
      if (msgs.length > 0) errs.push(invalidValue(child(path, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value) errs.push(invalidValue(child(path, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(path, 'operator'), operator, TOLERATION_OPERATORS));
    }
    errs.push(...validateTaintEffect(effect, true, child(path, 'effect')));
  });
  return errs;
}

function validateNodeSelectorRequirement(req: JsonRecord, field: string, checkValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const operator = readString(req.operator, child(field, 'operator'), errs);
  const values = readArray(req.values, child(field, 'values'), errs).map((v, i) => readString(v, index(child(field, 'values'), i), errs));
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(child(field, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(child(field, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(required(child(field, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      } else if (!INTEGER_PATTERN.test(values[0])) {
        errs.push(invalidValue(index(child(field, 'values'), 0), values[0], 'must be an integer'));
      }
      break;
    default:
      errs.push(invalidValue(child(field, 'operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(readString(req.key, child(field, 'key'), errs), child(field, 'key')));
  if (checkValues) values.forEach((v, i) => errs.push(...validateLabelValue(v, index(child(field, 'values'), i))));
  return errs;
}

function validateNodeFieldRequirement(req: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const operator = readString(req.operator, child(field, 'operator'), errs);
  const values = readArray(req.values, child(field, 'values'), errs).map((v, i) => readString(v, index(child(field, 'values'), i), errs));
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(required(child(field, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalidValue(child(field, 'operator'), operator, 'not a valid selector operator'));
  }
  const keyText = readString(req.key, child(field, 'key'), errs);
  if (keyText !== 'metadata.name') {
    errs.push(invalidValue(child(field, 'key'), keyText, 'not a valid field selector key'));
  } else {
    values.forEach((v, i) => {
      for (const msg of nameIsDnsSubdomain(v, false)) errs.push(invalidValue(index(child(field, 'values'), i), v, msg));
    });
  }
  return errs;
}

function validateNodeSelectorTerm(term: unknown, field: string, checkValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const t = readRecord(term, field, errs);
  if (!t) return errs;
  readArray(t.matchExpressions, child(field, 'matchExpressions'), errs).forEach((raw, j) => {
    const path = index(child(field, 'matchExpressions'), j);
    const req = readEntry(raw, path, errs);
    if (req) errs.push(...validateNodeSelectorRequirement(req, path, checkValues));
  });
  readArray(t.matchFields, child(field, 'matchFields'), errs).forEach((raw, j) => {
    const path = index(child(field, 'matchFields'), j);
    const req = readEntry(raw, path, errs);
    if (req) errs.push(...validateNodeFieldRequirement(req, path));
  });
  return errs;
}

/** A required node selector (pod affinity's, a volume's node affinity): at least one valid term. */
export function validateNodeSelector(selector: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const req = readRecord(selector, field, errs);
  if (!req) return errs;
  const termsPath = child(field, 'nodeSelectorTerms');
  const terms = readArray(req.nodeSelectorTerms, termsPath, errs);
  if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'));
  terms.forEach((term, i) => {
    if (readEntry(term, index(termsPath, i), errs)) errs.push(...validateNodeSelectorTerm(term, index(termsPath, i), true));
  });
  return errs;
}

function validateWeight(weight: unknown, field: string, errs: FieldError[]): void {
  const w = readInt(weight, field, errs);
  if (w === undefined && !isAbsent(weight)) return;
  const value = w ?? 0;
  if (value < MIN_WEIGHT || value > MAX_WEIGHT) errs.push(invalidValue(field, value, `must be in the range ${MIN_WEIGHT}-${MAX_WEIGHT}`));
}

function validateNodeAffinity(na: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const requiredPath = child(field, 'requiredDuringSchedulingIgnoredDuringExecution');
  if (!isAbsent(na.requiredDuringSchedulingIgnoredDuringExecution)) {
    errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, requiredPath));
  }
  const preferredPath = child(field, 'preferredDuringSchedulingIgnoredDuringExecution');
  readArray(na.preferredDuringSchedulingIgnoredDuringExecution, preferredPath, errs).forEach((raw, i) => {
    const path = index(preferredPath, i);
    const p = readEntry(raw, path, errs);
    if (!p) return;
    validateWeight(p.weight, child(path, 'weight'), errs);
    // Preferred terms may name label values no node has yet.
    errs.push(...validateNodeSelectorTerm(p.preference, child(path, 'preference'), false));
  });
  return errs;
}

function validatePodAffinityTerm(term: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const t = readRecord(term, field, errs);
  if (!t) return errs;
  errs.push(...validateLabelSelector(t.labelSelector, child(field, 'labelSelector')));
  errs.push(...validateLabelSelector(t.namespaceSelector, child(field, 'namespaceSelector')));
  readArray(t.namespaces, child(field, 'namespaces'), errs).forEach((raw, i) => {
    const ns = readString(raw, index(child(field, 'namespaces'), i), errs);
    for (const msg of nameIsDnsLabel(ns, false)) errs.push(invalidValue(index(child(field, 'namespaces'), i), ns, msg));
  });
  const topologyKey = readString(t.topologyKey, child(field, 'topologyKey'), errs);
  if (!topologyKey) errs.push(required(child(field, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, child(field, 'topologyKey')));
  return errs;
}

function validatePodAffinity(pa: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const requiredPath = child(field, 'requiredDuringSchedulingIgnoredDuringExecution');
  readArray(pa.requiredDuringSchedulingIgnoredDuringExecution, requiredPath, errs).forEach((term, i) => {
    if (readEntry(term, index(requiredPath, i), errs)) errs.push(...validatePodAffinityTerm(term, index(requiredPath, i)));
  });
  const preferredPath = child(field, 'preferredDuringSchedulingIgnoredDuringExecution');
  readArray(pa.preferredDuringSchedulingIgnoredDuringExecution, preferredPath, errs).forEach((raw, i) => {
    const path = index(preferredPath, i);
    const w = readEntry(raw, path, errs);
    if (!w) return;
    validateWeight(w.weight, child(path, 'weight'), errs);
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm, child(path, 'podAffinityTerm')));
  });
  return errs;
}

export function validateAffinity(affinity: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const a = readRecord(affinity, field, errs);
  if (!a) return errs;
  const nodeAffinity = readRecord(a.nodeAffinity, child(field, 'nodeAffinity'), errs);
  if (nodeAffinity) errs.push(...validateNodeAffinity(nodeAffinity, child(field, 'nodeAffinity')));
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = readRecord(a[kind], child(field, kind), errs);
    if (pa) errs.push(...validatePodAffinity(pa, child(field, kind)));
  }
  return errs;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];

/**
 * Kubernetes' validateTopologySpreadConstraints: the scheduler divides by
 * maxSkew and counts minDomains, so both must be positive, and a
 * (topologyKey, whenUnsatisfiable) pair may appear once.
 */
export function validateTopologySpreadConstraints(constraints: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  readArray(constraints, field, errs).forEach((entry, i) => {
    const path = index(field, i);
    const c = readEntry(entry, path, errs);
    if (!c) return;
    const maxSkew = readInt(c.maxSkew, child(path, 'maxSkew'), errs);
    if (maxSkew === undefined ? isAbsent(c.maxSkew) : maxSkew <= 0) {
      errs.push(invalidValue(child(path, 'maxSkew'), maxSkew ?? 0, 'must be greater than zero'));
    }
    const topologyKey = readString(c.topologyKey, child(path, 'topologyKey'), errs);
    if (!topologyKey) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
    else errs.push(...validateLabelName(topologyKey, child(path, 'topologyKey')));
    const when = readString(c.whenUnsatisfiable, child(path, 'whenUnsatisfiable'), errs);
    if (!WHEN_UNSATISFIABLE.includes(when)) errs.push(notSupported(child(path, 'whenUnsatisfiable'), when, WHEN_UNSATISFIABLE));
    const minDomains = readInt(c.minDomains, child(path, 'minDomains'), errs);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalidValue(child(path, 'minDomains'), minDomains, 'must be greater than 0'));
      else if (when !== 'DoNotSchedule') {
        errs.push(invalidValue(child(path, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`));
      }
    }
    const pair = `{${topologyKey}, ${when}}`;
    if (seen.has(pair)) errs.push({ field: `${path}.{topologyKey, whenUnsatisfiable}`, type: 'Duplicate', value: pair });
    seen.add(pair);
  });
  return errs;
}
