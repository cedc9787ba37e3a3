// v1 ServiceAccount.
import { atomicList, bool, kindObject, mergedList } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const SERVICE_ACCOUNT_COMPONENTS: ComponentTable = {
  [`${CORE}ServiceAccount`]: kindObject(
    { group: '', version: 'v1', kind: 'ServiceAccount' },
    'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; and a set of secrets.',
    {
      automountServiceAccountToken: bool(),
      imagePullSecrets: atomicList(`${CORE}LocalObjectReference`),
      secrets: mergedList(`${CORE}ObjectReference`, 'name'),
    },
  ),
};
