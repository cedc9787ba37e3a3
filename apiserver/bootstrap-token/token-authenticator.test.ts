import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notFound } from '../../api/errors.js';
import type { KubeObject, Secret } from '../../api/types/index.js';
import { silentLogger } from '../../client/silent-logger.js';
import { authenticateBootstrapToken, type SecretReader } from './token-authenticator.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function tokenSecret(data: Record<string, string>, extra: Partial<Secret['metadata']> = {}): Secret {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${data['token-id']}`, namespace: 'kube-system', ...extra },
    type: 'bootstrap.kubernetes.io/token',
    data: encoded,
  };
}

function reader(secrets: Secret[]): SecretReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async get(_info, namespace, name): Promise<KubeObject> {
      reads.push(`${namespace}/${name}`);
      const found = secrets.find((s) => s.metadata.name === name && s.metadata.namespace === namespace);
      if (!found) throw notFound('secrets', name);
      return found;
    },
  };
}

const BASE = {
  'token-id': 'abcdef',
  'token-secret': '0123456789abcdef',
  expiration: '2026-01-02T00:00:00Z',
  'usage-bootstrap-authentication': 'true',
  'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
};
const options = { now: () => NOW, log: silentLogger() };
const TOKEN = 'abcdef.0123456789abcdef';

describe('bootstrap token authentication', () => {
  it('names the token\'s user and groups', async () => {
    const secrets = reader([tokenSecret(BASE)]);
    assert.deepEqual(await authenticateBootstrapToken(secrets, TOKEN, options), {
      name: 'system:bootstrap:abcdef',
      uid: '',
      groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token'],
    });
    assert.deepEqual(secrets.reads, ['kube-system/bootstrap-token-abcdef']);
  });

  it('refuses a wrong secret, an expired token, one not for authentication, one being deleted, and one of another type', async () => {
    const cases: Secret[] = [
      tokenSecret({ ...BASE, 'token-secret': 'ffffffffffffffff' }),
      tokenSecret({ ...BASE, expiration: '2025-12-31T23:59:59Z' }),
      tokenSecret({ ...BASE, 'usage-bootstrap-authentication': 'false' }),
      tokenSecret(BASE, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      { ...tokenSecret(BASE), type: 'Opaque' },
    ];
    for (const secret of cases) assert.equal(await authenticateBootstrapToken(reader([secret]), TOKEN, options), undefined, JSON.stringify(secret));
  });

  it('leaves tokens of other shapes, and unknown ids, to the next authenticator without error', async () => {
    const secrets = reader([tokenSecret(BASE)]);
    assert.equal(await authenticateBootstrapToken(secrets, 'some-static-token', options), undefined);
    assert.deepEqual(secrets.reads, []);
    assert.equal(await authenticateBootstrapToken(secrets, 'zzzzzz.0123456789abcdef', options), undefined);
  });
});
