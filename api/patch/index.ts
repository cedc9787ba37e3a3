// Patch formats the apiserver serves and flotctl computes: JSON merge patch,
// JSON patch, strategic merge patch and kubectl apply's three-way patch.
export { applyMergePatch, createMergePatch } from './json-merge-patch.js';
export { applyJsonPatch } from './json-patch.js';
export { fieldAt, fieldOf, listStrategyOf } from './patch-schema.js';
export { patchSchemaFor } from '../kinds/registry.js';
export type { FieldSchema, ListStrategy, PatchSchema } from './patch-schema.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { LAST_APPLIED_ANNOTATION, createThreeWayMergePatch } from './three-way-merge.js';
export {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  PATCH_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
} from './directives.js';
