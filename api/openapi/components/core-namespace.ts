// v1 Namespace.
import { condition, kindObject, mergedList, object, ref, str, strings } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const NAMESPACE_COMPONENTS: ComponentTable = {
  [`${CORE}Namespace`]: kindObject({ group: '', version: 'v1', kind: 'Namespace' }, 'A scope for names of namespaced objects.', {
    spec: ref(`${CORE}NamespaceSpec`, { default: {} }),
    status: ref(`${CORE}NamespaceStatus`, { default: {} }),
  }),
  [`${CORE}NamespaceSpec`]: object({ finalizers: strings() }),
  [`${CORE}NamespaceStatus`]: object({
    conditions: mergedList(`${CORE}NamespaceCondition`, 'type'),
    phase: str(),
  }),
  [`${CORE}NamespaceCondition`]: condition(),
};
