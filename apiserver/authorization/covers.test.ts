import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from '../../api/types/rbac.js';
import { compactRule, uncoveredRules } from './covers.js';

const r = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });

test('rules held piece by piece, across several owner rules, cover a wider granted rule', () => {
  const owned = [r(['get', 'list'], [''], ['pods']), r(['get'], [''], ['secrets', 'pods'])];
  assert.deepEqual(uncoveredRules(owned, [r(['get'], [''], ['pods', 'secrets'])]), []);
  assert.deepEqual(uncoveredRules(owned, [r(['get', 'delete'], [''], ['pods'])]), [r(['delete'], [''], ['pods'])]);
});

test('* covers everything; */sub covers that subresource of any resource; names narrow', () => {
  assert.deepEqual(uncoveredRules([r(['*'], ['*'], ['*'])], [r(['delete'], ['apps'], ['deployments/scale'])]), []);
  assert.deepEqual(uncoveredRules([r(['update'], ['apps'], ['*/scale'])], [r(['update'], ['apps'], ['deployments/scale'])]), []);
  assert.deepEqual(uncoveredRules([r(['get'], [''], ['configmaps'], ['a'])], [r(['get'], [''], ['configmaps'], ['a'])]), []);
  assert.deepEqual(uncoveredRules([r(['get'], [''], ['configmaps'], ['a'])], [r(['get'], [''], ['configmaps'])]), [r(['get'], [''], ['configmaps'])]);
  assert.deepEqual(uncoveredRules([r(['get'], [''], ['configmaps'])], [r(['get'], [''], ['configmaps'], ['b'])]), []);
});

test('non-resource URLs: exact or by trailing *', () => {
  const owned: PolicyRule[] = [{ verbs: ['get'], nonResourceURLs: ['/apis/*'] }];
  assert.deepEqual(uncoveredRules(owned, [{ verbs: ['get'], nonResourceURLs: ['/apis/apps'] }]), []);
  assert.deepEqual(uncoveredRules(owned, [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]), [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]);
});

test('rules print as Kubernetes prints them in escalation errors', () => {
  assert.equal(compactRule(r(['get', 'list'], [''], ['secrets'])), '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}');
  assert.equal(compactRule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), '{NonResourceURLs:["/metrics"], Verbs:["get"]}');
});
