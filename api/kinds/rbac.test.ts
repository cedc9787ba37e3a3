import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { clusterRoleBindingFixture, clusterRoleFixture, createErrors, defaulted, roleBindingFixture, roleFixture, updateErrors } from './fixtures.js';
import { roleBindingTable, roleTable } from '../tables/rbac.js';

const withRules = (rules: unknown[], base: () => KubeObject = roleFixture): KubeObject => ({ ...base(), rules });

describe('Role and ClusterRole', () => {
  it('accept the fixtures; names only have to be one path segment', () => {
    assert.deepEqual(createErrors(roleFixture()), []);
    assert.deepEqual(createErrors(clusterRoleFixture()), []);
    assert.deepEqual(createErrors({ ...clusterRoleFixture(), metadata: { name: 'system:Aggregate_To' } }), []);
    assert.deepEqual(createErrors({ ...roleFixture(), metadata: { name: 'a/b', namespace: 'default' } }), ["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
  });

  it('need verbs, and either api groups with resources or (cluster-wide) non-resource URLs, never both', () => {
    assert.deepEqual(createErrors(withRules([{ apiGroups: [''], resources: ['pods'] }])), ['rules[0].verbs: Required value: verbs must contain at least one value']);
    assert.deepEqual(createErrors(withRules([{ verbs: ['get'] }])), [
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
    assert.deepEqual(createErrors(withRules([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }])), [
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ]);
    assert.deepEqual(createErrors(withRules([{ verbs: ['get'], apiGroups: [''], nonResourceURLs: ['/x'] }], clusterRoleFixture)), [
      'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });

  it('an aggregationRule needs a selector', () => {
    assert.deepEqual(createErrors({ ...clusterRoleFixture(), aggregationRule: {} }), [
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });

  it('print NAME and CREATED AT', () => {
    const role = { ...roleFixture(), metadata: { ...roleFixture().metadata, creationTimestamp: '2026-01-02T03:04:05Z' } };
    assert.deepEqual(roleTable.columns.map((c) => c.name), ['Name', 'Created At']);
    assert.deepEqual(roleTable.row(role, new Date()), ['pod-reader', '2026-01-02T03:04:05Z']);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  it('default the RBAC group on roleRef and on User and Group subjects', () => {
    const binding = { ...roleBindingFixture(), roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'sa' }] };
    const out = defaulted(binding);
    assert.deepEqual(out.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual(out.subjects, [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'sa', apiGroup: '' }]);
    assert.deepEqual(createErrors(binding), []);
  });

  it('know three subject kinds; a ClusterRoleBinding names only ClusterRoles and namespaced ServiceAccounts', () => {
    assert.deepEqual(createErrors(clusterRoleBindingFixture()), []);
    assert.deepEqual(createErrors({ ...roleBindingFixture(), subjects: [{ kind: 'Robot', name: 'r2' }] }), [
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
    assert.deepEqual(createErrors({ ...clusterRoleBindingFixture(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }), [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
    ]);
  });

  it('never change their roleRef', () => {
    const old = roleBindingFixture();
    const next = { ...old, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' } };
    assert.deepEqual(updateErrors(next, old), [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
    ]);
    assert.deepEqual(updateErrors({ ...old, subjects: [] }, old), []);
  });

  it('print NAME ROLE AGE, and USERS GROUPS SERVICEACCOUNTS wide', () => {
    assert.deepEqual(roleBindingTable.columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1']);
    const row = roleBindingTable.row(roleBindingFixture(), new Date());
    assert.deepEqual([row[0], row[1], ...row.slice(3)], ['read-pods', 'Role/pod-reader', 'jane', '', 'ci/builder']);
  });
});
