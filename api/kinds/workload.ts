// What the four apps/v1 workloads share: template defaults, metadata and
// selector/template validation, and selector immutability.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { nameIsDnsSubdomain, type NameValidator } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validateWorkloadSelectorAndTemplate, type TemplateOptions } from '../validation/pod-template.js';
import { readRecord, type JsonRecord } from '../validation/values.js';
import { ensureRecord, validateSelectorImmutable } from './common.js';
import { defaultPodSpec } from './pod-defaults.js';

/** Pod spec defaults for `spec.template.spec` (no tolerations, no status: those are for pods). */
export function defaultTemplate(spec: JsonRecord): void {
  const template = ensureRecord(spec, 'template');
  const podSpec = template ? ensureRecord(template, 'spec') : undefined;
  if (podSpec) defaultPodSpec(podSpec);
}

export interface WorkloadValidation extends TemplateOptions {
  nameFn?: NameValidator;
}

/** Metadata plus selector/template checks; returns the spec for kind-specific rules. */
export function validateWorkloadBasics(obj: KubeObject, opts: WorkloadValidation): { spec: JsonRecord; errs: FieldError[] } {
  const errs: FieldError[] = [...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: opts.nameFn ?? nameIsDnsSubdomain })];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  errs.push(...validateWorkloadSelectorAndTemplate(spec, opts));
  return { spec, errs };
}

/** Update rules every workload has: metadata and an unchanged selector. */
export function validateWorkloadUpdateBasics(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSelectorImmutable(obj, old)];
}
