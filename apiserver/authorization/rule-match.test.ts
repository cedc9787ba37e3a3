import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from '../../api/types/rbac.js';
import type { Attributes } from './attributes.js';
import { ruleAllows } from './rule-match.js';

const USER = { name: 'jane', uid: '', groups: [] };

function req(verb: string, resource: string, extra: Partial<{ apiGroup: string; subresource: string; namespace: string; name: string }> = {}): Attributes {
  return { kind: 'resource', user: USER, verb, apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace: 'default', name: '', ...extra };
}

const url = (verb: string, path: string): Attributes => ({ kind: 'nonResource', user: USER, verb, path });

test('verbs, groups and resources match exactly or by *', () => {
  const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
  assert.equal(ruleAllows(rule, req('list', 'pods')), true);
  assert.equal(ruleAllows(rule, req('delete', 'pods')), false);
  assert.equal(ruleAllows(rule, req('list', 'secrets')), false);
  assert.equal(ruleAllows(rule, req('list', 'deployments', { apiGroup: 'apps' })), false);
  assert.equal(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req('delete', 'deployments', { apiGroup: 'apps' })), true);
});

test('a subresource is named with its resource, or as */sub; the resource alone does not cover it', () => {
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req('get', 'pods', { subresource: 'log', name: 'web' })), false);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, req('get', 'pods', { subresource: 'log', name: 'web' })), true);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, req('get', 'pods', { name: 'web' })), false);
  assert.equal(ruleAllows({ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }, req('update', 'deployments', { apiGroup: 'apps', subresource: 'scale', name: 'web' })), true);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }, req('get', 'pods', { subresource: 'log', name: 'web' })), false);
});

test('resourceNames narrow a rule to named objects and never match a collection', () => {
  const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] };
  assert.equal(ruleAllows(rule, req('get', 'configmaps', { name: 'settings' })), true);
  assert.equal(ruleAllows(rule, req('get', 'configmaps', { name: 'other' })), false);
  assert.equal(ruleAllows(rule, req('list', 'configmaps')), false);
});

test('nonResourceURLs match exactly, by a trailing * prefix, or *; never a resource request', () => {
  const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
  assert.equal(ruleAllows(rule, url('get', '/healthz')), true);
  assert.equal(ruleAllows(rule, url('get', '/healthz/etcd')), false);
  assert.equal(ruleAllows(rule, url('get', '/apis/apps/v1')), true);
  assert.equal(ruleAllows(rule, url('post', '/healthz')), false);
  assert.equal(ruleAllows({ verbs: ['*'], nonResourceURLs: ['*'] }, url('delete', '/anything')), true);
  assert.equal(ruleAllows(rule, req('get', 'pods')), false);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, url('get', '/healthz')), false);
});
