// v1 Secret.
import { bool, kindObject, str } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const SECRET_COMPONENTS: ComponentTable = {
  [`${CORE}Secret`]: kindObject({ group: '', version: 'v1', kind: 'Secret' }, 'Secret holds secret data of a certain type, at most 1 MiB.', {
    data: { type: 'object', additionalProperties: str({ format: 'byte' }) },
    stringData: { type: 'object', additionalProperties: str() },
    type: str(),
    immutable: bool(),
  }),
};
