// Server-side apply and managed fields: pure functions over JSON objects and
// the kinds' OpenAPI schemas (structured-merge-diff's semantics).
export { applyConflictError, conflictMessage, FIELD_MANAGER_CONFLICT, printManager } from './conflicts.js';
export { compareObjects, type Comparison } from './compare.js';
export { FieldSet } from './field-set.js';
export { isResetRequest, readManagers, sameManager, writeManagers, type ManagerEntry, type ManagerIdentity, type ManagerOperation } from './managers.js';
export { mergeConfiguration } from './merge.js';
export { fieldSetOf } from './object-field-set.js';
export { applyConfiguration, recordUpdate, type ApplyOutcome, type ApplyWrite, type FieldScope, type UpdateWrite } from './ownership.js';
export { describePath } from './path-element.js';
export { rootTypeOf, type FieldType } from './schema-type.js';
