import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import { claimedSandboxName, containerIdentity, containerLabels, dockerContainerName, identityFromLabels, LABEL_NODE, LABEL_SANDBOX_POOL } from './labels.js';

const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'abcdef0123456789' }, spec: { containers: [] } };

test('labels round-trip to the container identity', () => {
  const labels = containerLabels('node-1', pod, 'nginx', 'app', 3);
  assert.equal(labels['io.flotilla.node'], 'node-1');
  assert.deepEqual(identityFromLabels(labels), {
    podUid: 'abcdef0123456789',
    podNamespace: 'shop',
    podName: 'web',
    containerName: 'nginx',
    kind: 'app',
    restartCount: 3,
  });
});

test('foreign containers have no identity', () => {
  assert.equal(identityFromLabels({ maintainer: 'x' }), undefined);
  assert.equal(identityFromLabels(undefined), undefined);
});

test('docker names are unique per restart and safe', () => {
  assert.equal(dockerContainerName(pod, 'nginx', 2), 'fl_nginx_web_shop_abcdef01_2');
});

test('a claimed pool sandbox is known by its name: the whole pod uid, namespace and name', () => {
  const claimed = { ...pod, metadata: { ...pod.metadata, name: 'web.v1', uid: '0b7c2a3e-5f7d-4c1e-9a51-1f0c2d3e4f5a' } };
  const name = claimedSandboxName(claimed);
  assert.equal(name, 'fl_POD_web.v1_shop_0b7c2a3e-5f7d-4c1e-9a51-1f0c2d3e4f5a_0');
  const poolLabels = { [LABEL_NODE]: 'node-1', [LABEL_SANDBOX_POOL]: 'node-1' };
  assert.deepEqual(containerIdentity(poolLabels, `/${name}`), {
    podUid: '0b7c2a3e-5f7d-4c1e-9a51-1f0c2d3e4f5a',
    podName: 'web.v1',
    podNamespace: 'shop',
    containerName: 'POD',
    kind: 'sandbox',
    restartCount: 0,
  });
});

test('an unclaimed pool sandbox, or a claimed name without the pool label, belongs to no pod', () => {
  const poolLabels = { [LABEL_NODE]: 'node-1', [LABEL_SANDBOX_POOL]: 'node-1' };
  assert.equal(containerIdentity(poolLabels, 'flpool_node-1_3f2a'), undefined);
  assert.equal(containerIdentity({ [LABEL_NODE]: 'node-1' }, claimedSandboxName(pod)), undefined);
});
