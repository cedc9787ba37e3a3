// The pod template every workload carries, and its relation to the
// workload's selector: the template is validated as a pod spec at
// `spec.template.spec...`, its labels must satisfy the selector, and
// controllers only run pods that restart Always.
import type { FieldError } from '../errors.js';
import { selectorFromLabelSelector, matchesSelector } from '../labels/label-selector.js';
import { child, invalidGoValue, invalidValue, notSupported, required } from './field-errors.js';
import { goLabelSelector, goStringMap } from './go-format.js';
import { validateAnnotations, validateLabelSelector, validateLabels } from './labels.js';
import { validatePodSpec } from './pod-spec.js';
import { isAbsent, readRecord, recordOf } from './values.js';

export interface TemplateOptions {
  /** Extra names volume mounts may refer to (a StatefulSet's claim templates). */
  extraVolumeNames?: Iterable<string>;
  /**
   * Kubernetes names the workload in its empty-selector message ("deployment",
   * "daemonset", ...); undefined for a Job, whose manual selector may be empty.
   */
  emptySelectorNoun?: string;
  /** ReplicaSet/Deployment/StatefulSet: "activeDeadlineSeconds in ReplicaSet is not Supported". */
  workloadKind: string;
  /** The restart policies the workload's pods may have: Always, except for a Job's. */
  restartPolicies?: readonly string[];
  /** A Job's pods may carry their own activeDeadlineSeconds; long-running workloads' may not. */
  allowPodDeadline?: boolean;
}

export function validatePodTemplate(template: unknown, field: string, opts: Pick<TemplateOptions, 'extraVolumeNames'>): FieldError[] {
  const errs: FieldError[] = [];
  const t = readRecord(template, field, errs) ?? {};
  const meta = readRecord(t.metadata, child(field, 'metadata'), errs) ?? {};
  errs.push(...validateLabels(meta.labels, child(field, 'metadata.labels')));
  errs.push(...validateAnnotations(meta.annotations, child(field, 'metadata.annotations')));
  errs.push(...validatePodSpec(t.spec, child(field, 'spec'), { isPod: false, extraVolumeNames: opts.extraVolumeNames }));
  return errs;
}

/**
 * `spec.selector` and `spec.template` of a ReplicaSet, Deployment, DaemonSet
 * or StatefulSet: selector required, non-empty and valid; template labels
 * selected by it; template valid with restartPolicy Always.
 */
export function validateWorkloadSelectorAndTemplate(spec: Record<string, unknown>, opts: TemplateOptions): FieldError[] {
  const errs: FieldError[] = [];
  const selectorPath = 'spec.selector';
  const selector = spec.selector;
  if (isAbsent(selector)) {
    errs.push(required(selectorPath));
  } else {
    const selectorErrors = validateLabelSelector(selector, selectorPath);
    errs.push(...selectorErrors);
    const ls = recordOf(selector);
    const terms = Object.keys(recordOf(ls.matchLabels)).length + (Array.isArray(ls.matchExpressions) ? ls.matchExpressions.length : 0);
    if (terms === 0 && opts.emptySelectorNoun !== undefined) {
      errs.push(invalidGoValue(selectorPath, goLabelSelector(selector), `empty selector is invalid for ${opts.emptySelectorNoun}`));
    } else if (selectorErrors.length === 0) {
      const templateLabels = recordOf(recordOf(spec.template).metadata).labels;
      let sel = null;
      try {
        sel = selectorFromLabelSelector(ls);
      } catch {
        sel = null;
      }
      const labels = Object.fromEntries(Object.entries(recordOf(templateLabels)).map(([k, v]) => [k, String(v)]));
      if (sel && !matchesSelector(sel, labels)) {
        errs.push(
          invalidGoValue('spec.template.metadata.labels', goStringMap(templateLabels), '`selector` does not match template `labels`'),
        );
      }
    }
  }
  errs.push(...validatePodTemplate(spec.template, 'spec.template', opts));
  const templateSpec = recordOf(recordOf(spec.template).spec);
  const restartPolicy = templateSpec.restartPolicy;
  const restartPolicies = opts.restartPolicies ?? ['Always'];
  if (typeof restartPolicy !== 'string' || !restartPolicies.includes(restartPolicy)) {
    errs.push(notSupported('spec.template.spec.restartPolicy', restartPolicy ?? '', restartPolicies));
  }
  if (!opts.allowPodDeadline && !isAbsent(templateSpec.activeDeadlineSeconds)) {
    errs.push(
      invalidValue(
        'spec.template.spec.activeDeadlineSeconds',
        templateSpec.activeDeadlineSeconds,
        `activeDeadlineSeconds in ${opts.workloadKind} is not Supported`,
      ),
    );
  }
  return errs;
}
