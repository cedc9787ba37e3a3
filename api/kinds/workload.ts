// What the four apps/v1 workloads share: template defaults, metadata and
// selector/template validation, and selector immutability.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { nameIsDnsSubdomain, type NameValidator } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validateWorkloadSelectorAndTemplate, type TemplateOptions } from '../validation/pod-template.js';
import { readRecord, type JsonRecord } from '../validation/values.js';
import { ensureRecord, setIfAbsent, setIfEmpty, validateSelectorImmutable } from './common.js';
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

/**
 * Defaults `spec[field]` (`strategy` or `updateStrategy`) to RollingUpdate and,
 * for RollingUpdate, fills `rollingUpdate` with `rollingDefaults`, in their order.
 */
export function defaultRollingStrategy(spec: JsonRecord, field: 'strategy' | 'updateStrategy', rollingDefaults: Readonly<Record<string, unknown>>): void {
  const strategy = ensureRecord(spec, field);
  if (!strategy) return;
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type !== 'RollingUpdate') return;
  const rolling = ensureRecord(strategy, 'rollingUpdate');
  if (!rolling) return;
  for (const [name, value] of Object.entries(rollingDefaults)) setIfAbsent(rolling, name, value);
}

export interface WorkloadStrategyParts {
  applyDefaults(obj: KubeObject): void;
  validate(obj: KubeObject): FieldError[];
  /** Status rules beyond the metadata update rules. */
  validateStatus(obj: KubeObject, old: KubeObject): FieldError[];
  /** Update rules beyond `validate` and the workload update basics. */
  validateSpecUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

/** A workload's KindStrategy: updates and status writes checked as every workload's are. */
export function workloadStrategy(parts: WorkloadStrategyParts): KindStrategy {
  return {
    resetStatusOnCreate: true,
    tracksGeneration: true,
    applyDefaults: parts.applyDefaults,
    validate: parts.validate,
    validateUpdate: (obj, old) => [...validateWorkloadUpdateBasics(obj, old), ...parts.validate(obj), ...(parts.validateSpecUpdate?.(obj, old) ?? [])],
    validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...parts.validateStatus(obj, old)],
  };
}
