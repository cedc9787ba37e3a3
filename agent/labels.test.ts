import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import { containerLabels, dockerContainerName, identityFromLabels } from './labels.js';

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
