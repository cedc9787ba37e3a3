import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Secret } from '../../api/types/index.js';
import { tokenExpiresAtMs } from './token-cleaner.js';

const secret = (namespace: string, type: string, expiration?: string): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'bootstrap-token-abcdef', namespace },
  type,
  data: expiration === undefined ? {} : { expiration: Buffer.from(expiration).toString('base64') },
});

test('only bootstrap tokens in kube-system with a readable expiration ever expire', () => {
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token', '2026-01-01T00:00:00Z')), Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token')), undefined);
  assert.equal(tokenExpiresAtMs(secret('default', 'bootstrap.kubernetes.io/token', '2026-01-01T00:00:00Z')), undefined);
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'Opaque', '2026-01-01T00:00:00Z')), undefined);
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token', 'soon')), undefined);
});
