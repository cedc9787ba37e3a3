// rbac.authorization.k8s.io/v1 validation, as Kubernetes' rbac/validation:
// names are path segments, every rule names verbs and either resources of API
// groups or non-resource URLs (never both, and never URLs in a namespace), and
// a binding's roleRef and subjects name kinds RBAC knows.
import type { FieldError } from '../errors.js';
import { child, index, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { validateLabelSelector } from '../validation/labels.js';
import { nameIsDnsSubdomain, type NameValidator } from '../validation/names.js';
import { isAbsent, readArray, readEntry, readRecord, readString, type JsonRecord } from '../validation/values.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'] as const;

/** Kubernetes' ValidatePathSegmentName: RBAC names only have to survive being one segment of a URL. */
export const nameIsPathSegment: NameValidator = (name, prefix) => {
  const errs: string[] = [];
  if (!prefix && (name === '.' || name === '..')) errs.push(`may not be '${name}'`);
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};

function readStrings(value: unknown, field: string, errs: FieldError[]): string[] {
  return readArray(value, field, errs).map((v, i) => readString(v, index(field, i), errs));
}

function validatePolicyRule(raw: unknown, path: string, namespaced: boolean, errs: FieldError[]): void {
  const rule = readEntry(raw, path, errs);
  if (!rule) return;
  const verbs = readStrings(rule.verbs, child(path, 'verbs'), errs);
  if (verbs.length === 0) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = readStrings(rule.nonResourceURLs, child(path, 'nonResourceURLs'), errs);
  const groups = readStrings(rule.apiGroups, child(path, 'apiGroups'), errs);
  const resources = readStrings(rule.resources, child(path, 'resources'), errs);
  readStrings(rule.resourceNames, child(path, 'resourceNames'), errs);
  if (urls.length > 0) {
    if (namespaced) {
      errs.push(invalidValue(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    } else if (groups.length > 0 || resources.length > 0) {
      errs.push(invalidValue(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return;
  }
  if (groups.length === 0) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (resources.length === 0) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
}

/** The `rules` of a Role (namespaced) or ClusterRole. */
export function validateRules(value: unknown, namespaced: boolean, errs: FieldError[]): void {
  readArray(value, 'rules', errs).forEach((rule, i) => validatePolicyRule(rule, index('rules', i), namespaced, errs));
}

export function validateAggregationRule(value: unknown, errs: FieldError[]): void {
  if (isAbsent(value)) return;
  const rule = readRecord(value, 'aggregationRule', errs);
  if (!rule) return;
  const path = 'aggregationRule.clusterRoleSelectors';
  const selectors = readArray(rule.clusterRoleSelectors, path, errs);
  if (selectors.length === 0) errs.push(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, index(path, i))));
}

function validateRoleRef(value: unknown, allowedKinds: readonly string[], errs: FieldError[]): void {
  const ref = readRecord(value, 'roleRef', errs) ?? {};
  const apiGroup = readString(ref.apiGroup, 'roleRef.apiGroup', errs);
  if (apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kind = readString(ref.kind, 'roleRef.kind', errs);
  if (!allowedKinds.includes(kind)) errs.push(notSupported('roleRef.kind', kind, allowedKinds));
  const name = readString(ref.name, 'roleRef.name', errs);
  if (name === '') errs.push(required('roleRef.name'));
  else for (const msg of nameIsPathSegment(name, false)) errs.push(invalidValue('roleRef.name', name, msg));
}

function validateSubject(raw: unknown, path: string, namespaced: boolean, errs: FieldError[]): void {
  const subject = readEntry(raw, path, errs);
  if (!subject) return;
  const name = readString(subject.name, child(path, 'name'), errs);
  if (name === '') errs.push(required(child(path, 'name')));
  const apiGroup = readString(subject.apiGroup, child(path, 'apiGroup'), errs);
  const kind = readString(subject.kind, child(path, 'kind'), errs);
  switch (kind) {
    case 'ServiceAccount':
      if (name !== '') for (const msg of nameIsDnsSubdomain(name, false)) errs.push(invalidValue(child(path, 'name'), name, msg));
      if (apiGroup !== '') errs.push(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && readString(subject.namespace, child(path, 'namespace'), errs) === '') errs.push(required(child(path, 'namespace')));
      return;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      return;
    default:
      errs.push(notSupported(child(path, 'kind'), kind, SUBJECT_KINDS));
  }
}

/** roleRef and subjects of a RoleBinding (namespaced: may name a Role) or ClusterRoleBinding. */
export function validateBinding(obj: JsonRecord, namespaced: boolean, errs: FieldError[]): void {
  validateRoleRef(obj.roleRef, namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'], errs);
  readArray(obj.subjects, 'subjects', errs).forEach((s, i) => validateSubject(s, index('subjects', i), namespaced, errs));
}

/** Kubernetes' v1 defaults: the RBAC group for roleRef and for User and Group subjects. */
export function defaultBinding(obj: JsonRecord): void {
  const ref = obj.roleRef;
  if (ref && typeof ref === 'object' && !Array.isArray(ref) && !(ref as JsonRecord).apiGroup) (ref as JsonRecord).apiGroup = RBAC_GROUP;
  if (!Array.isArray(obj.subjects)) return;
  for (const subject of obj.subjects) {
    if (!subject || typeof subject !== 'object' || Array.isArray(subject)) continue;
    const s = subject as JsonRecord;
    if (s.apiGroup === undefined || s.apiGroup === '') s.apiGroup = s.kind === 'User' || s.kind === 'Group' ? RBAC_GROUP : '';
  }
}
