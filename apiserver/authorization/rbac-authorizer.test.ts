import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding, Subject } from '../../api/types/rbac.js';
import type { Attributes, UserInfo } from './attributes.js';
import { forbiddenError } from './forbidden-message.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { staticRbacSource } from './rbac-source.js';
import { RuleResolver } from './rule-resolver.js';

const RBAC = 'rbac.authorization.k8s.io';
const user = (name: string, ...groups: string[]): UserInfo => ({ name, uid: '', groups: [...groups, 'system:authenticated'] });
const subject = (kind: Subject['kind'], name: string, namespace?: string): Subject => ({ kind, name, ...(kind === 'ServiceAccount' ? { namespace } : { apiGroup: RBAC }) });

const viewRole: ClusterRole = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'view' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] };
const secretsRole: Role = { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'secrets', namespace: 'team' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] };
const healthRole: ClusterRole = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] };

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | undefined, roleKind: 'Role' | 'ClusterRole', role: string, subjects: Subject[]): RoleBinding {
  return { apiVersion: `${RBAC}/v1`, kind, metadata: { name: `${role}-binding`, ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: RBAC, kind: roleKind, name: role }, subjects };
}

const source = staticRbacSource({
  clusterRoles: [viewRole, healthRole],
  roles: [secretsRole],
  roleBindings: [
    binding('RoleBinding', 'default', 'ClusterRole', 'view', [subject('User', 'jane')]),
    binding('RoleBinding', 'team', 'Role', 'secrets', [subject('Group', 'devs'), subject('ServiceAccount', 'builder')]),
    binding('RoleBinding', 'team', 'Role', 'missing', [subject('User', 'jane')]),
  ],
  clusterRoleBindings: [binding('ClusterRoleBinding', undefined, 'ClusterRole', 'health', [subject('Group', 'system:authenticated')]) as ClusterRoleBinding],
});
const resolver = new RuleResolver(source);
const authorizer = new RbacAuthorizer(resolver);

function res(u: UserInfo, verb: string, resource: string, namespace: string, name = ''): Attributes {
  return { kind: 'resource', user: u, verb, apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace, name };
}

test('a RoleBinding to a ClusterRole grants its rules in the binding namespace only', () => {
  assert.equal(authorizer.authorize(res(user('jane'), 'list', 'pods', 'default')).allowed, true);
  assert.equal(authorizer.authorize(res(user('jane'), 'list', 'pods', 'team')).allowed, false);
  assert.equal(authorizer.authorize(res(user('jane'), 'list', 'pods', '')).allowed, false);
  assert.equal(authorizer.authorize(res(user('jane'), 'delete', 'pods', 'default', 'web')).allowed, false);
  assert.equal(authorizer.authorize(res(user('bob'), 'list', 'pods', 'default')).allowed, false);
});

test('groups and ServiceAccounts (namespace defaulted to the binding) are subjects too', () => {
  assert.equal(authorizer.authorize(res(user('bob', 'devs'), 'get', 'secrets', 'team', 's')).allowed, true);
  assert.equal(authorizer.authorize(res(user('system:serviceaccount:team:builder'), 'get', 'secrets', 'team', 's')).allowed, true);
  assert.equal(authorizer.authorize(res(user('system:serviceaccount:other:builder'), 'get', 'secrets', 'team', 's')).allowed, false);
});

test('system:masters may do anything without any binding; non-resource paths use cluster bindings', () => {
  assert.equal(authorizer.authorize(res(user('admin', 'system:masters'), 'delete', 'nodes', '', 'n1')).allowed, true);
  assert.equal(authorizer.authorize({ kind: 'nonResource', user: user('bob'), verb: 'get', path: '/healthz' }).allowed, true);
  assert.equal(authorizer.authorize({ kind: 'nonResource', user: user('bob'), verb: 'get', path: '/metrics' }).allowed, false);
});

test('rulesFor gathers every applicable rule and reports bindings to missing roles', () => {
  const resolved = resolver.rulesFor(user('jane'), 'team');
  assert.deepEqual(resolved.rules, healthRole.rules);
  assert.deepEqual(resolved.errors, ['Role.rbac.authorization.k8s.io "missing" not found']);
});

test('refusals read as kube-apiserver words them', () => {
  assert.equal(forbiddenError(res(user('jane'), 'list', 'pods', 'default')).message, 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
  const scale: Attributes = { kind: 'resource', user: user('jane'), verb: 'update', apiGroup: 'apps', apiVersion: 'v1', resource: 'deployments', subresource: 'scale', namespace: '', name: 'web' };
  assert.equal(forbiddenError(scale).message, 'deployments.apps "web" is forbidden: User "jane" cannot update resource "deployments/scale" in API group "apps" at the cluster scope');
  const path = forbiddenError({ kind: 'nonResource', user: user('jane'), verb: 'get', path: '/metrics' });
  assert.equal(path.message, 'forbidden: User "jane" cannot get path "/metrics"');
  assert.equal(path.code, 403);
});
