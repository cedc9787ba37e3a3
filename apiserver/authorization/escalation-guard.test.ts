import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../api/resources.js';
import type { ClusterRole, RoleBinding } from '../../api/types/rbac.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { UserInfo } from './attributes.js';
import { EscalationGuard } from './escalation-guard.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { staticRbacSource } from './rbac-source.js';
import { runAs } from './request-user.js';
import { RuleResolver } from './rule-resolver.js';

const RBAC = 'rbac.authorization.k8s.io';
const jane: UserInfo = { name: 'jane', uid: '', groups: ['system:authenticated'] };
const clusterRole = (name: string, rules: ClusterRole['rules']): ClusterRole => ({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name }, rules });
const edit = clusterRole('edit', [
  { verbs: ['get', 'list', 'create', 'delete'], apiGroups: [''], resources: ['pods', 'secrets'] },
  { verbs: ['create', 'update'], apiGroups: [RBAC], resources: ['rolebindings', 'roles'] },
]);
const admin = clusterRole('admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
const binder = clusterRole('binder', [{ verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'], resourceNames: ['admin'] }]);
const binding = (name: string, role: string, namespace = 'team'): RoleBinding => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'User', apiGroup: RBAC, name: 'jane' }],
});
const source = staticRbacSource({ clusterRoles: [edit, admin, binder], roleBindings: [binding('jane-edit', 'edit'), binding('jane-binder', 'binder', 'bound')] });
const resolver = new RuleResolver(source);
const authorizer = new RbacAuthorizer(resolver);

function write(info: typeof resources.roles | typeof resources.roleBindings | typeof resources.clusterRoles, obj: KubeObject, user: UserInfo = jane): Promise<unknown> {
  return runAs(user, () => new EscalationGuard(info, resolver, authorizer).prepare(undefined, obj));
}

const role = (rules: ClusterRole['rules'], namespace = 'team'): KubeObject => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'r', namespace }, rules });

test('a role granting what the writer holds there is let through', async () => {
  await write(resources.roles, role([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]));
});

test('a role granting more than the writer holds is refused with the rules missing', async () => {
  await assert.rejects(write(resources.roles, role([{ verbs: ['get', 'update'], apiGroups: [''], resources: ['secrets', 'nodes'] }])), (err: Error) => {
    assert.equal(
      err.message,
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["nodes"], Verbs:["get" "update"]}\n{APIGroups:[""], Resources:["secrets"], Verbs:["update"]}',
    );
    return true;
  });
  // Held in team, not in another namespace.
  await assert.rejects(write(resources.roles, role([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }], 'other')), /not currently held/);
});

test('binding a role needs its rules, or bind on it', async () => {
  await write(resources.roleBindings, binding('b', 'edit'));
  await assert.rejects(write(resources.roleBindings, binding('b', 'admin')), /rolebindings.rbac.authorization.k8s.io "b" is forbidden: .*not currently held/);
  await write(resources.roleBindings, binding('b', 'admin', 'bound'));
  await assert.rejects(write(resources.roleBindings, binding('b', 'nothing-here')), /clusterroles.rbac.authorization.k8s.io "nothing-here" not found/);
});

test('an aggregating ClusterRole needs full authority; system:masters and writers without a user pass', async () => {
  const aggregating = { ...clusterRole('agg', []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } };
  await assert.rejects(write(resources.clusterRoles, aggregating), /not currently held/);
  await write(resources.clusterRoles, aggregating, { name: 'root', uid: '', groups: ['system:masters'] });
  await new EscalationGuard(resources.clusterRoles, resolver, authorizer).prepare(undefined, aggregating);
});

test('an update that leaves the grants alone (owner references, finalizers) needs no claim to them; one that changes them does', async () => {
  const guard = new EscalationGuard(resources.roleBindings, resolver, authorizer);
  const old = binding('to-admin', 'admin');
  const withOwner = { ...old, metadata: { ...old.metadata, ownerReferences: [], finalizers: ['x'] } };
  await runAs(jane, () => guard.prepare(undefined, withOwner, old));
  const moreSubjects = { ...old, subjects: [...(old.subjects ?? []), { kind: 'User' as const, apiGroup: RBAC, name: 'bob' }] };
  await assert.rejects(runAs(jane, () => guard.prepare(undefined, moreSubjects, old)), /attempting to grant RBAC permissions not currently held/);
});
