import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { CacheStore } from '../../client/cache-store.js';
import type { Attributes, Authorizer, UserInfo } from './attributes.js';
import { ALLOW, NO_OPINION } from './attributes.js';
import { AuthorizerChain } from './authorizer-chain.js';
import { forbiddenError } from './forbidden-message.js';
import { NodeAuthorizer } from './node-authorizer.js';
import { NodeGraph } from './node-graph.js';

const n1: UserInfo = { name: 'system:node:n1', uid: '', groups: ['system:nodes', 'system:authenticated'] };
const jane: UserInfo = { name: 'jane', uid: '', groups: ['system:authenticated'] };

function authorizer(): NodeAuthorizer {
  const pods = new CacheStore<Pod>();
  const graph = new NodeGraph(pods, new CacheStore());
  pods.set({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { nodeName: 'n1', serviceAccountName: 'web', containers: [{ name: 'c', image: 'nginx', envFrom: [{ configMapRef: { name: 'settings' } }] }], volumes: [{ name: 'v', secret: { secretName: 's1' } }] },
  } as Pod);
  return new NodeAuthorizer(graph);
}

function attrs(user: UserInfo, verb: string, resource: string, namespace: string, name: string, more: { apiGroup?: string; subresource?: string } = {}): Attributes {
  return { kind: 'resource', user, verb, apiGroup: more.apiGroup ?? '', apiVersion: 'v1', resource, subresource: more.subresource ?? '', namespace, name };
}

test('a node gets the Secret and ConfigMap its bound pod uses, and no other', () => {
  const node = authorizer();
  assert.equal(node.authorize(attrs(n1, 'get', 'secrets', 'shop', 's1')).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'get', 'configmaps', 'shop', 'settings')).allowed, true);
  // A watch narrowed to the one object by metadata.name counts as reading it.
  assert.equal(node.authorize(attrs(n1, 'watch', 'secrets', 'shop', 's1')).allowed, true);
  const other = node.authorize(attrs(n1, 'get', 'secrets', 'shop', 's2'));
  assert.deepEqual(other, { allowed: false, reason: "no relationship found between node 'n1' and this object" });
  assert.equal(node.authorize(attrs(n1, 'list', 'secrets', 'shop', '')).allowed, false);
  assert.equal(node.authorize(attrs(n1, 'update', 'secrets', 'shop', 's1')).allowed, false);
});

test('tokens only for the account of a bound pod', () => {
  const node = authorizer();
  assert.equal(node.authorize(attrs(n1, 'create', 'serviceaccounts', 'shop', 'web', { subresource: 'token' })).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'create', 'serviceaccounts', 'shop', 'admin', { subresource: 'token' })).allowed, false);
  assert.equal(node.authorize(attrs(n1, 'delete', 'serviceaccounts', 'shop', 'web')).allowed, false);
});

test('only its own lease, only in kube-node-lease', () => {
  const node = authorizer();
  const lease = (verb: string, namespace: string, name: string) => attrs(n1, verb, 'leases', namespace, name, { apiGroup: 'coordination.k8s.io' });
  assert.equal(node.authorize(lease('update', 'kube-node-lease', 'n1')).allowed, true);
  assert.equal(node.authorize(lease('create', 'kube-node-lease', '')).allowed, true);
  assert.equal(node.authorize(lease('update', 'kube-node-lease', 'n2')).allowed, false);
  assert.equal(node.authorize(lease('get', 'default', 'n1')).allowed, false);
});

test('the static rules cover the agent\'s own calls and nothing more', () => {
  const node = authorizer();
  assert.equal(node.authorize(attrs(n1, 'patch', 'nodes', '', 'n1', { subresource: 'status' })).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'watch', 'pods', '', '')).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'patch', 'pods', 'shop', 'web', { subresource: 'status' })).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'create', 'events', 'shop', '')).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'list', 'endpointslices', '', '', { apiGroup: 'discovery.k8s.io' })).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'create', 'persistentvolumes', '', '')).allowed, true);
  assert.equal(node.authorize(attrs(n1, 'get', 'persistentvolumes', '', 'pv-unrelated')).allowed, false);
  assert.deepEqual(node.authorize(attrs(n1, 'create', 'deployments', 'shop', '', { apiGroup: 'apps' })), NO_OPINION);
  assert.deepEqual(node.authorize(attrs(n1, 'exec', 'pods', 'shop', 'web', { subresource: 'exec' })), NO_OPINION);
});

test('a node may ask for certificates and read its requests back, but not approve them', () => {
  const node = authorizer();
  const certificates = { apiGroup: 'certificates.k8s.io' };
  for (const verb of ['create', 'get', 'list', 'watch']) assert.equal(node.authorize(attrs(n1, verb, 'certificatesigningrequests', '', '', certificates)).allowed, true, verb);
  assert.deepEqual(node.authorize(attrs(n1, 'update', 'certificatesigningrequests', '', 'csr-1', { ...certificates, subresource: 'approval' })), NO_OPINION);
  assert.deepEqual(node.authorize(attrs(n1, 'delete', 'certificatesigningrequests', '', 'csr-1', certificates)), NO_OPINION);
});

test('users who are not nodes, and nodes with no node name, get no opinion', () => {
  const node = authorizer();
  assert.deepEqual(node.authorize(attrs(jane, 'get', 'secrets', 'shop', 's1')), NO_OPINION);
  const nameless: UserInfo = { name: 'kubelet', uid: '', groups: ['system:nodes'] };
  assert.deepEqual(node.authorize(attrs(nameless, 'get', 'nodes', '', 'n1')), { allowed: false, reason: 'unknown node for user "kubelet"' });
  // The node prefix without the group is an ordinary user.
  assert.deepEqual(node.authorize(attrs({ name: 'system:node:n1', uid: '', groups: [] }, 'get', 'secrets', 'shop', 's1')), NO_OPINION);
});

test('in the chain the node authorizer\'s no-opinion leaves RBAC free to grant, and the refusal carries its reason', () => {
  const rbacAllowsDeployments: Authorizer = { authorize: (a) => (a.kind === 'resource' && a.resource === 'deployments' ? ALLOW : NO_OPINION) };
  const chain = new AuthorizerChain([authorizer(), rbacAllowsDeployments]);
  assert.equal(chain.authorize(attrs(n1, 'create', 'deployments', 'shop', '', { apiGroup: 'apps' })).allowed, true);
  const refused = attrs(n1, 'get', 'secrets', 'shop', 's2');
  const decision = chain.authorize(refused);
  assert.equal(decision.allowed, false);
  assert.equal(
    forbiddenError(refused, decision.reason).message,
    'secrets "s2" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "shop": no relationship found between node \'n1\' and this object',
  );
});
