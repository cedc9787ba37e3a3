import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ServiceAccount } from '../../../api/types/index.js';
import { mountTokenVolume, randomSuffix, shouldAutomount, TOKEN_MOUNT_PATH } from './service-account.js';

const account: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } };

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec };
}

test('every container mounts one kube-api-access volume of token, CA and namespace, read-only', () => {
  const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] });
  mountTokenVolume(p, 'x7k2q');
  const spec = p.spec as { volumes: unknown[]; initContainers: { volumeMounts: unknown[] }[]; containers: { volumeMounts: unknown[] }[] };
  const mount = { name: 'kube-api-access-x7k2q', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
  assert.deepEqual(spec.initContainers[0].volumeMounts, [mount]);
  assert.deepEqual(spec.containers.map((c) => c.volumeMounts), [[mount], [mount]]);
  assert.deepEqual(spec.volumes, [
    {
      name: 'kube-api-access-x7k2q',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 0o644,
      },
    },
  ]);
});

test('a container with its own mount at the token path keeps it, and no container needing one adds no volume', () => {
  const own = { name: 'mine', mountPath: TOKEN_MOUNT_PATH };
  const p = pod({ containers: [{ name: 'a', image: 'nginx', volumeMounts: [own] }], volumes: [{ name: 'mine', emptyDir: {} }] });
  mountTokenVolume(p, 'abcde');
  assert.deepEqual((p.spec as { volumes: unknown[] }).volumes, [{ name: 'mine', emptyDir: {} }]);
  assert.deepEqual((p.spec as { containers: { volumeMounts: unknown[] }[] }).containers[0].volumeMounts, [own]);
});

test('the pod decides over the account whether the token is mounted; by default it is', () => {
  assert.equal(shouldAutomount(pod({}), account), true);
  assert.equal(shouldAutomount(pod({}), { ...account, automountServiceAccountToken: false }), false);
  assert.equal(shouldAutomount(pod({ automountServiceAccountToken: true }), { ...account, automountServiceAccountToken: false }), true);
  assert.equal(shouldAutomount(pod({ automountServiceAccountToken: false }), account), false);
  assert.match(randomSuffix(), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});
