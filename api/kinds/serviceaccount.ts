// v1 ServiceAccount: a name pods run as. Kubernetes keeps almost nothing in it
// (references to Secrets, image pull secrets, whether tokens are mounted); the
// tokens themselves come from its `token` subresource and are never stored.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { serviceAccountTable } from '../tables/serviceaccount.js';
import type { KubeObject } from '../types/meta.js';
import type { ServiceAccount } from '../types/service-account.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { readArray, readBool, readEntry, readString } from '../validation/values.js';
import { specLessStrategy } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

/** The subresource that issues tokens for the account. */
export const TOKEN_SUBRESOURCE = 'token';
/** The account every namespace has and pods run as unless they name another. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
/** The ConfigMap in every namespace holding the cluster CA (key ca.crt) for in-cluster clients. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';

function validateReferences(value: unknown, field: string, errs: FieldError[]): void {
  readArray(value, field, errs).forEach((entry, i) => {
    const ref = readEntry(entry, `${field}[${i}]`, errs);
    if (ref) readString(ref.name, `${field}[${i}].name`, errs);
  });
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  validateReferences(obj.secrets, 'secrets', errs);
  validateReferences(obj.imagePullSecrets, 'imagePullSecrets', errs);
  readBool(obj.automountServiceAccountToken, 'automountServiceAccountToken', errs);
  return errs;
}

// Kubernetes defaults nothing on a ServiceAccount.
export const serviceAccountStrategy: KindStrategy = specLessStrategy(validate);

const SCHEMA = kindSchema(`${CORE}ServiceAccount`);

export const serviceAccountKind: KindDefinition<ServiceAccount> = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  categories: [],
  namespaced: true,
  subresources: {
    status: false,
    handled: [{ name: TOKEN_SUBRESOURCE, kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }],
  },
  strategy: serviceAccountStrategy,
  table: serviceAccountTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
