import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types/index.js';
import { runAs } from '../../authorization/request-user.js';
import type { UserInfo } from '../../http/request-context.js';
import { harness } from '../registry-fixtures.js';
import type { Registry } from '../registry.js';
import { admitNodeRestriction } from './node-restriction.js';

const n1: UserInfo = { name: 'system:node:n1', uid: '', groups: ['system:nodes', 'system:authenticated'] };

function node(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

function pod(name: string, nodeName: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: name } }, spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] } };
}

async function cluster(): Promise<Registry> {
  const { registry } = await harness();
  for (const name of ['n1', 'n2']) await registry.create(resources.nodes, '', JSON.stringify(node(name)));
  for (const [name, on] of [['mine', 'n1'], ['theirs', 'n2']]) await registry.create(resources.pods, 'default', JSON.stringify(pod(name, on)));
  registry.ctx.validatingAdmission = [admitNodeRestriction];
  return registry;
}

const asNode = <T>(work: () => Promise<T>): Promise<T> => runAs(n1, work);

async function refused(work: () => Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(asNode(work), (err: Error & { reason?: string }) => {
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, message);
    return true;
  });
}

test('a node modifies only its own Node, and neither its taints nor restricted labels', async () => {
  const registry = await cluster();
  await asNode(() => registry.patch(resources.nodes, '', 'n1', 'MERGE', JSON.stringify({ metadata: { labels: { 'kubernetes.io/hostname': 'n1', disk: 'ssd' } } })));
  await refused(() => registry.patch(resources.nodes, '', 'n2', 'MERGE', '{"metadata":{"labels":{"a":"b"}}}'), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
  await refused(() => registry.delete(resources.nodes, '', 'n2'), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
  await refused(() => registry.create(resources.nodes, '', JSON.stringify(node('n3'))), 'nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"');
  await refused(
    () => registry.patch(resources.nodes, '', 'n1', 'MERGE', '{"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]}}'),
    'nodes "n1" is forbidden: node "n1" is not allowed to modify taints',
  );
  await refused(
    () => registry.patch(resources.nodes, '', 'n1', 'MERGE', '{"metadata":{"labels":{"node-restriction.kubernetes.io/pci":"true","node-role.kubernetes.io/control-plane":""}}}'),
    'nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pci, node-role.kubernetes.io/control-plane',
  );
  // Other users are not restricted by it.
  await registry.patch(resources.nodes, '', 'n2', 'MERGE', '{"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]}}');
});

test('a node writes the status only of pods bound to it, and deletes only those', async () => {
  const registry = await cluster();
  await asNode(() => registry.patch(resources.pods, 'default', 'mine', 'MERGE', '{"status":{"phase":"Running"}}', true));
  await refused(
    () => registry.patch(resources.pods, 'default', 'theirs', 'MERGE', '{"status":{"phase":"Failed"}}', true),
    'pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
  );
  await refused(
    () => registry.patch(resources.pods, 'default', 'mine', 'MERGE', '{"metadata":{"labels":{"app":"other"}}}'),
    'pods "mine" is forbidden: unexpected operation "UPDATE", node "n1" can only create and delete mirror pods',
  );
  await refused(() => registry.delete(resources.pods, 'default', 'theirs'), 'pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself');
  await asNode(() => registry.delete(resources.pods, 'default', 'mine'));
  assert.equal(((await registry.get(resources.pods, 'default', 'theirs')).status as { phase?: string }).phase, 'Pending');
});

test('a node creates no ordinary pod, and a mirror pod only bound to itself', async () => {
  const registry = await cluster();
  await refused(
    () => registry.create(resources.pods, 'default', JSON.stringify(pod('new', 'n1'))),
    'pods "new" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
  );
  const nodeUid = (await registry.get(resources.nodes, '', 'n1')).metadata.uid ?? '';
  const mirror = (name: string, on: string, extra: Record<string, unknown> = {}): string => {
    const p = pod(name, on);
    p.metadata.annotations = { 'kubernetes.io/config.mirror': 'hash' };
    p.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: nodeUid, controller: true }];
    Object.assign(p.spec as object, extra);
    return JSON.stringify(p);
  };
  await refused(() => registry.create(resources.pods, 'default', mirror('elsewhere', 'n2')), 'pods "elsewhere" is forbidden: node "n1" can only create pods with spec.nodeName set to itself');
  await refused(
    () => registry.create(resources.pods, 'default', mirror('secretive', 'n1', { volumes: [{ name: 'v', secret: { secretName: 's' } }] })),
    'pods "secretive" is forbidden: node "n1" can not create pods that reference secrets',
  );
  await refused(
    () => registry.create(resources.pods, 'default', mirror('privileged', 'n1', { serviceAccountName: 'admin' })),
    'pods "privileged" is forbidden: node "n1" can not create pods that reference a service account',
  );
  await asNode(() => registry.create(resources.pods, 'default', mirror('static', 'n1')));
});

test('a node creates and renews only its own lease in kube-node-lease', async () => {
  const registry = await cluster();
  const lease = (namespace: string, name: string): string =>
    JSON.stringify({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: { holderIdentity: name } });
  await asNode(() => registry.create(resources.leases, 'kube-node-lease', lease('kube-node-lease', 'n1')));
  await refused(
    () => registry.create(resources.leases, 'kube-node-lease', lease('kube-node-lease', 'n2')),
    'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
  );
  await refused(
    () => registry.create(resources.leases, 'default', lease('default', 'n1')),
    'leases.coordination.k8s.io "n1" is forbidden: can only access leases in the "kube-node-lease" system namespace',
  );
});

test('a node asks tokens only bound to a pod on itself, named with its uid', async () => {
  const registry = await cluster();
  const admit = async (podName: string, uid: string | undefined): Promise<void> => {
    const boundObjectRef = { apiVersion: 'v1', kind: 'Pod', name: podName, ...(uid === undefined ? {} : { uid }) };
    const object: KubeObject = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: 'default', namespace: 'default' }, spec: { boundObjectRef } };
    const request = { operation: 'CREATE' as const, info: resources.serviceAccounts, subresource: 'token', namespace: 'default', name: 'default', object, user: n1 };
    await admitNodeRestriction(registry.ctx, request);
  };
  const uidOf = async (name: string): Promise<string> => (await registry.get(resources.pods, 'default', name)).metadata.uid ?? '';
  await admit('mine', await uidOf('mine'));
  await assert.rejects(admit('theirs', await uidOf('theirs')), /serviceaccounts "default" is forbidden: node requested token bound to a pod scheduled on a different node/);
  await assert.rejects(admit('mine', undefined), /node requested token with a pod binding without a uid/);
  await assert.rejects(admit('mine', 'stale'), /the UID in the bound object reference \(stale\) does not match/);
  await assert.rejects(admit('gone', 'x'), /pods "gone" not found/);
});
