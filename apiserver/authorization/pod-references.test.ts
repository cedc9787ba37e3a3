import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { podReferences, referenceView } from './pod-references.js';

const rich = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7', labels: { app: 'web' }, annotations: { a: 'x'.repeat(1000) } },
  spec: {
    nodeName: 'n1',
    serviceAccountName: 'builder',
    imagePullSecrets: [{ name: 'pull' }],
    volumes: [
      { name: 'cfg', configMap: { name: 'settings' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'all', projected: { sources: [{ secret: { name: 'tls' } }, { configMap: { name: 'ca' } }] } },
    ],
    initContainers: [{ name: 'init', image: 'busybox', envFrom: [{ secretRef: { name: 'init-env' } }] }],
    containers: [
      {
        name: 'app',
        image: 'nginx',
        command: ['nginx', '-g', 'daemon off;'],
        env: [{ name: 'PLAIN', value: 'x' }, { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
        livenessProbe: { httpGet: { path: '/', port: 80 } },
      },
    ],
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
} as unknown as Pod;

test('the reference view names the same objects as the whole pod', () => {
  const key = (refs: { kind: string; name: string }[]) => refs.map((r) => `${r.kind}/${r.name}`).sort();
  assert.deepEqual(key(podReferences(referenceView(rich))), key(podReferences(rich)));
  assert.equal(key(podReferences(rich)).length, 9);
});

test('the reference view keeps identity and binding, and drops what the graph never reads', () => {
  const view = referenceView(rich);
  assert.deepEqual(view.metadata, { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7' });
  assert.equal(view.spec.nodeName, 'n1');
  assert.equal((view as unknown as { status?: unknown }).status, undefined);
  assert.deepEqual(view.spec.containers, [{ name: 'app', env: [{ name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }]);
  assert.ok(JSON.stringify(view).length < JSON.stringify(rich).length / 2);
});

test('a pod without a spec yields an empty one, as podReferences reads it', () => {
  const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } } as unknown as Pod;
  assert.deepEqual(podReferences(referenceView(bare)), podReferences(bare));
});
