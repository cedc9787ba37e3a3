import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import type { Attributes, Authorizer, UserInfo } from './attributes.js';
import { impersonatedUser } from './impersonation.js';

const alice: UserInfo = { name: 'alice', uid: 'a1', groups: ['devs', 'system:authenticated'] };

/** Allows exactly the `impersonate` checks listed as "resource/name" (namespace-qualified for service accounts). */
function allowing(...allowed: string[]): Authorizer & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    authorize(attrs: Attributes) {
      if (attrs.kind !== 'resource') return { allowed: false, reason: '' };
      const key = `${attrs.resource}/${attrs.namespace ? `${attrs.namespace}/` : ''}${attrs.name}`;
      asked.push(`${attrs.verb} ${key}`);
      return { allowed: allowed.includes(key), reason: '' };
    },
  };
}

function refusal(fn: () => unknown): { reason: string; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(isApiError(err), `expected an ApiError, got ${String(err)}`);
    return { reason: err.reason, message: err.message };
  }
  assert.fail('expected a refusal');
}

describe('impersonation', () => {
  it('leaves the caller alone without Impersonate headers', () => {
    assert.equal(impersonatedUser({}, alice, allowing()), alice);
  });

  it('runs as the user and groups once each is allowed', () => {
    const authz = allowing('users/bob', 'groups/ops');
    const user = impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-group': ['ops'] }, alice, authz);
    assert.deepEqual(user, { name: 'bob', uid: '', groups: ['ops', 'system:authenticated'] });
    assert.deepEqual(authz.asked, ['impersonate users/bob', 'impersonate groups/ops']);
  });

  it('refuses a group the caller may not impersonate, in upstream words', () => {
    const r = refusal(() => impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-group': 'system:masters' }, alice, allowing('users/bob')));
    assert.equal(r.reason, 'Forbidden');
    assert.match(r.message, /groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope/);
  });

  it('checks service accounts as namespaced serviceaccounts and gives them their groups', () => {
    const authz = allowing('serviceaccounts/team-a/builder');
    const user = impersonatedUser({ 'impersonate-user': 'system:serviceaccount:team-a:builder' }, alice, authz);
    assert.deepEqual(user.groups, ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated']);
  });

  it('checks a uid in authentication.k8s.io', () => {
    const authz = allowing('users/bob');
    const r = refusal(() => impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-uid': 'u-9' }, alice, authz));
    assert.match(r.message, /cannot impersonate resource "uids" in API group "authentication.k8s.io"/);
  });

  it('refuses groups without a user, several users and extra fields as bad requests', () => {
    assert.equal(refusal(() => impersonatedUser({ 'impersonate-group': 'ops' }, alice, allowing())).reason, 'BadRequest');
    assert.equal(refusal(() => impersonatedUser({ 'impersonate-user': ['a', 'b'] as unknown as string }, alice, allowing())).reason, 'BadRequest');
    assert.equal(refusal(() => impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-extra-scopes': 'x' }, alice, allowing('users/bob'))).reason, 'BadRequest');
    assert.equal(refusal(() => impersonatedUser({ 'impersonate-user': '' }, alice, allowing())).reason, 'BadRequest');
  });

  it('allows everything when no authorizer runs (AlwaysAllow)', () => {
    assert.equal(impersonatedUser({ 'impersonate-user': 'root' }, alice, undefined).name, 'root');
  });
});
