// v1 ConfigMap.
import { bool, kindObject, str } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const CONFIGMAP_COMPONENTS: ComponentTable = {
  [`${CORE}ConfigMap`]: kindObject({ group: '', version: 'v1', kind: 'ConfigMap' }, 'Configuration data for pods to consume.', {
    data: { type: 'object', additionalProperties: str() },
    binaryData: { type: 'object', additionalProperties: str({ format: 'byte' }) },
    immutable: bool(),
  }),
};
