// The validation building blocks other packages may reuse (the kind
// strategies in api/kinds are the main entry point).
export {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidIp,
  isValidLabelValue,
  labelValueErrors,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  qualifiedNameErrors,
  type NameValidator,
} from './names.js';
export { validateAnnotations, validateLabelName, validateLabelSelector, validateLabels, validateLabelValue } from './labels.js';
export { validateFinalizers, validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaOptions } from './object-meta.js';
export { validatePodSpec, type PodSpecOptions } from './pod-spec.js';
export { validatePodTemplate, validateWorkloadSelectorAndTemplate } from './pod-template.js';
export { validatePodSpecUpdate } from './pod-update.js';
export { validatePodStatusUpdate, validateConditions } from './pod-status.js';
export { validateTolerations, validateAffinity, validateTaintEffect } from './scheduling.js';
export { semanticEqual } from './semantic-equal.js';
