import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole } from '../../api/types/rbac.js';
import { aggregatedRules } from './aggregated-rules.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-policy.js';
import { reconcileClusterRole, reconcileClusterRoleBinding } from './reconcile-policy.js';
import { ruleAllows } from './rule-match.js';

const named = (name: string): ClusterRole => {
  const role = BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === name);
  assert.ok(role, name);
  return role;
};

/** What the aggregation controller converges to: each aggregating role's rules recomputed until nothing changes. */
function converged(): Map<string, ClusterRole> {
  const roles = new Map(BOOTSTRAP_CLUSTER_ROLES.map((r) => [r.metadata.name ?? '', structuredClone(r)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const role of roles.values()) {
      if (!role.aggregationRule) continue;
      const rules = aggregatedRules(role, [...roles.values()]);
      if (JSON.stringify(rules) !== JSON.stringify(role.rules)) {
        role.rules = rules;
        changed = true;
      }
    }
  }
  return roles;
}

test('view, edit and admin aggregate down the chain: admin holds edit and view rules, view no secrets', () => {
  const roles = converged();
  const view = roles.get('view')?.rules ?? [];
  const edit = roles.get('edit')?.rules ?? [];
  const admin = roles.get('admin')?.rules ?? [];
  const user = { name: 'u', uid: '', groups: [] };
  const can = (rules: typeof view, verb: string, resource: string, apiGroup = '') =>
    rules.some((r) => ruleAllows(r, { kind: 'resource', user, verb, apiGroup, apiVersion: 'v1', resource, subresource: '', namespace: 'ns', name: '' }));
  assert.equal(can(view, 'list', 'pods'), true);
  assert.equal(can(view, 'get', 'secrets'), false);
  assert.equal(can(view, 'delete', 'pods'), false);
  assert.equal(can(edit, 'list', 'pods'), true);
  assert.equal(can(edit, 'get', 'secrets'), true);
  assert.equal(can(edit, 'create', 'rolebindings', 'rbac.authorization.k8s.io'), false);
  assert.equal(can(admin, 'create', 'rolebindings', 'rbac.authorization.k8s.io'), true);
  assert.equal(can(admin, 'delete', 'deployments', 'apps'), true);
});

test('a default role someone edited gains the rules it lacks and keeps what was added; autoupdate false is left alone', () => {
  const discovery = named('system:discovery');
  const trimmed: ClusterRole = { ...structuredClone(discovery), rules: [{ verbs: ['get'], nonResourceURLs: ['/custom'] }] };
  const next = reconcileClusterRole(trimmed, discovery);
  assert.ok(next);
  assert.deepEqual(next.rules?.[0], { verbs: ['get'], nonResourceURLs: ['/custom'] });
  assert.equal(next.rules?.length, 1 + (discovery.rules?.[0].nonResourceURLs?.length ?? 0));
  assert.equal(reconcileClusterRole(next, discovery), undefined);
  const optedOut = { ...trimmed, metadata: { ...trimmed.metadata, annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } } };
  assert.equal(reconcileClusterRole(optedOut, discovery), undefined);
});

test('a default binding gains missing subjects; one bound to another role is recreated', () => {
  const expected = BOOTSTRAP_CLUSTER_ROLE_BINDINGS[0];
  const withoutSubjects = { ...structuredClone(expected), subjects: [{ kind: 'User' as const, apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }] };
  const next = reconcileClusterRoleBinding(withoutSubjects, expected);
  assert.deepEqual(next?.binding.subjects?.map((s) => s.name), ['ops', 'system:masters']);
  assert.equal(next?.recreate, false);
  const rebound = { ...structuredClone(expected), roleRef: { ...expected.roleRef, name: 'view' } };
  assert.equal(reconcileClusterRoleBinding(rebound, expected)?.recreate, true);
  assert.equal(reconcileClusterRoleBinding(structuredClone(expected), expected), undefined);
});

test('bootstrap tokens may ask for node certificates and the nodeclient approval, and nothing of secrets', () => {
  const user = { name: 'system:bootstrap:abcdef', uid: '', groups: ['system:bootstrappers', 'system:authenticated'] };
  const granted = BOOTSTRAP_CLUSTER_ROLE_BINDINGS.filter((b) => b.subjects?.some((s) => s.kind === 'Group' && user.groups.includes(s.name)))
    .flatMap((b) => named(b.roleRef.name).rules ?? []);
  const can = (verb: string, apiGroup: string, resource: string, subresource = '') =>
    granted.some((r) => ruleAllows(r, { kind: 'resource', user, verb, apiGroup, apiVersion: 'v1', resource, subresource, namespace: '', name: '' }));
  assert.equal(can('create', 'certificates.k8s.io', 'certificatesigningrequests'), true);
  assert.equal(can('watch', 'certificates.k8s.io', 'certificatesigningrequests'), true);
  assert.equal(can('create', 'certificates.k8s.io', 'certificatesigningrequests', 'nodeclient'), true);
  assert.equal(can('update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval'), false);
  assert.equal(can('list', '', 'secrets'), false);
});
