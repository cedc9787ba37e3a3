import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretStrategy } from '../kinds/secret.js';
import type { KubeObject } from '../types/meta.js';
import { bootstrapTokenSecretErrors, parseBootstrapToken } from './bootstrap-token.js';

const VALID = {
  'token-id': 'abcdef',
  'token-secret': '0123456789abcdef',
  expiration: '2030-01-02T03:04:05Z',
  'usage-bootstrap-authentication': 'true',
  'usage-bootstrap-signing': 'true',
  'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
};

describe('bootstrap tokens', () => {
  it('parses id.secret and nothing else', () => {
    assert.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), { id: 'abcdef', secret: '0123456789abcdef' });
    for (const bad of ['abcdef.0123456789abcde', 'ABCDEF.0123456789abcdef', 'abcdef0123456789abcdef', 'abcdef.0123456789abcdef.x']) {
      assert.equal(parseBootstrapToken(bad), undefined, bad);
    }
  });

  it('accepts kubeadm\'s Secret', () => {
    assert.deepEqual(bootstrapTokenSecretErrors('bootstrap-token-abcdef', VALID), []);
  });

  it('names each wrong field', () => {
    const fields = (name: string, data: Record<string, string>): string[] => bootstrapTokenSecretErrors(name, data).map((e) => e.field);
    assert.deepEqual(fields('bootstrap-token-other', VALID), ['metadata.name']);
    assert.deepEqual(fields('bootstrap-token-abcdef', { ...VALID, 'token-secret': 'short' }), ['data[token-secret]']);
    assert.deepEqual(fields('bootstrap-token-abcdef', { ...VALID, expiration: 'tomorrow' }), ['data[expiration]']);
    assert.deepEqual(fields('bootstrap-token-abcdef', { ...VALID, 'usage-bootstrap-authentication': 'yes' }), ['data[usage-bootstrap-authentication]']);
    assert.deepEqual(fields('bootstrap-token-abcdef', { ...VALID, 'auth-extra-groups': 'system:masters' }), ['data[auth-extra-groups]']);
    const { 'token-id': _id, ...noId } = VALID;
    assert.deepEqual(fields('bootstrap-token-abcdef', noId), ['data[token-id]']);
  });

  it('the Secret kind refuses a malformed token Secret on create, and never echoes the secret', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      stringData: { ...VALID, 'token-secret': 'NOT-A-SECRET-xx' },
    };
    secretStrategy.applyDefaults(secret);
    const errs = secretStrategy.validate(secret);
    assert.deepEqual(errs.map((e) => e.field), ['data[token-secret]']);
    assert.doesNotMatch(JSON.stringify(errs), /NOT-A-SECRET/);
  });
});
