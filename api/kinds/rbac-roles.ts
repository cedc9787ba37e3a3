// rbac.authorization.k8s.io/v1 Role (namespaced) and ClusterRole: lists of
// rules; a ClusterRole with an aggregationRule has its rules filled in from the
// ClusterRoles its selectors pick.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { RBAC } from '../openapi/names.js';
import { roleTable } from '../tables/rbac.js';
import type { KubeObject } from '../types/meta.js';
import type { ClusterRole, Role } from '../types/rbac.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { specLessStrategy } from './common.js';
import type { KindDefinition } from './kind-definition.js';
import { nameIsPathSegment, RBAC_GROUP, validateAggregationRule, validateRules } from './rbac-validation.js';

function validateRole(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsPathSegment });
  validateRules(obj.rules, true, errs);
  return errs;
}

function validateClusterRole(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsPathSegment });
  validateRules(obj.rules, false, errs);
  validateAggregationRule(obj.aggregationRule, errs);
  return errs;
}


const ROLE_SCHEMA = kindSchema(`${RBAC}Role`);
const CLUSTER_ROLE_SCHEMA = kindSchema(`${RBAC}ClusterRole`);

export const roleKind: KindDefinition<Role> = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: specLessStrategy(validateRole),
  table: roleTable,
  fieldSelectors: {},
  schema: ROLE_SCHEMA,
  patchSchema: kindPatchSchema(ROLE_SCHEMA),
};

export const clusterRoleKind: KindDefinition<ClusterRole> = {
  ...roleKind,
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  strategy: specLessStrategy(validateClusterRole),
  schema: CLUSTER_ROLE_SCHEMA,
  patchSchema: kindPatchSchema(CLUSTER_ROLE_SCHEMA),
};
