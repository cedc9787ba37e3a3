// v1 Pod: defaults (spec, tolerations, status phase and QoS), validation of
// the spec, and the narrow set of changes a running pod accepts.
import type { KindStrategy } from '../strategy.js';
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validatePodSpec } from '../validation/pod-spec.js';
import { validatePodStatusUpdate } from '../validation/pod-status.js';
import { validatePodSpecUpdate } from '../validation/pod-update.js';
import { ensureRecord, setIfEmpty } from './common.js';
import { defaultPodOnly, defaultPodSpec, podQosClass } from './pod-defaults.js';

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec) {
    defaultPodSpec(spec);
    defaultPodOnly(spec);
  }
  const status = ensureRecord(obj, 'status');
  if (status) {
    setIfEmpty(status, 'phase', 'Pending');
    if (spec) setIfEmpty(status, 'qosClass', podQosClass(spec));
  }
}

function validate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
    ...validatePodSpec(obj.spec, 'spec', { isPod: true }),
  ];
}

export const podStrategy: KindStrategy = {
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validate(obj),
      ...validatePodSpecUpdate(obj.spec, old.spec),
    ];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePodStatusUpdate(obj.status, old.status, old.spec)];
  },
};
