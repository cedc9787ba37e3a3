// rbac.authorization.k8s.io/v1 RoleBinding (grants a Role or ClusterRole in
// one namespace) and ClusterRoleBinding (grants a ClusterRole everywhere). The
// roleRef never changes: to grant another role, make another binding.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { RBAC } from '../openapi/names.js';
import { roleBindingTable } from '../tables/rbac.js';
import type { KubeObject } from '../types/meta.js';
import type { ClusterRoleBinding, RoleBinding } from '../types/rbac.js';
import { invalidGoValue } from '../validation/field-errors.js';
import { goQuote } from '../validation/go-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { recordOf, stringOf } from '../validation/values.js';
import { metadataOnlyStatusUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import { defaultBinding, nameIsPathSegment, RBAC_GROUP, validateBinding } from './rbac-validation.js';

/** The roleRef as Go prints the struct in `cannot change roleRef`. */
function goRoleRef(value: unknown): string {
  const ref = recordOf(value);
  return `rbac.RoleRef{APIGroup:${goQuote(stringOf(ref.apiGroup))}, Kind:${goQuote(stringOf(ref.kind))}, Name:${goQuote(stringOf(ref.name))}}`;
}

function bindingStrategy(namespaced: boolean): KindStrategy {
  const validate = (obj: KubeObject): FieldError[] => {
    const errs = validateObjectMeta(obj.metadata, { namespaced, nameFn: nameIsPathSegment });
    validateBinding(obj, namespaced, errs);
    return errs;
  };
  return {
    resetStatusOnCreate: false,
    tracksGeneration: false,
    applyDefaults: defaultBinding,
    validate,
    validateUpdate(obj, old) {
      const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
      if (!semanticEqual(obj.roleRef, old.roleRef)) errs.push(invalidGoValue('roleRef', goRoleRef(obj.roleRef), 'cannot change roleRef'));
      return [...errs, ...validate(obj)];
    },
    validateStatusUpdate: metadataOnlyStatusUpdate,
  };
}

const ROLE_BINDING_SCHEMA = kindSchema(`${RBAC}RoleBinding`);
const CLUSTER_ROLE_BINDING_SCHEMA = kindSchema(`${RBAC}ClusterRoleBinding`);

export const roleBindingKind: KindDefinition<RoleBinding> = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: bindingStrategy(true),
  table: roleBindingTable,
  fieldSelectors: {},
  schema: ROLE_BINDING_SCHEMA,
  patchSchema: kindPatchSchema(ROLE_BINDING_SCHEMA),
};

export const clusterRoleBindingKind: KindDefinition<ClusterRoleBinding> = {
  ...roleBindingKind,
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  strategy: bindingStrategy(false),
  schema: CLUSTER_ROLE_BINDING_SCHEMA,
  patchSchema: kindPatchSchema(CLUSTER_ROLE_BINDING_SCHEMA),
};
