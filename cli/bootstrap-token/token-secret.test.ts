import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bootstrapTokenSecretErrors, parseBootstrapToken } from '../../api/bootstrap-token/bootstrap-token.js';
import { secretStrategy } from '../../api/kinds/secret.js';
import { caCertHash, generateToken, tokenRow, tokenSecret } from './token-secret.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

test('generated tokens have the bootstrap shape and differ', () => {
  const a = generateToken();
  const b = generateToken();
  assert.ok(parseBootstrapToken(`${a.id}.${a.secret}`));
  assert.notDeepEqual(a, b);
});

test('the Secret is what the apiserver accepts, and token list shows it as kubeadm does', () => {
  const secret = tokenSecret({ id: 'abcdef', secret: '0123456789abcdef', ttlMs: 24 * 3600_000, description: 'for n9', nowMs: NOW });
  secretStrategy.applyDefaults(secret);
  assert.deepEqual(secretStrategy.validate(secret), []);
  const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  assert.deepEqual(bootstrapTokenSecretErrors('bootstrap-token-abcdef', data), []);
  assert.deepEqual(tokenRow(secret, NOW), [
    'abcdef.0123456789abcdef',
    '24h',
    '2026-01-02T00:00:00Z',
    'authentication,signing',
    'for n9',
    'system:bootstrappers:kubeadm:default-node-token',
  ]);
  assert.equal(tokenRow(secret, NOW + 25 * 3600_000)?.[1], '<invalid>');
  const forever = tokenSecret({ id: 'abcdef', secret: '0123456789abcdef', ttlMs: 0, nowMs: NOW });
  secretStrategy.applyDefaults(forever);
  assert.equal(tokenRow(forever, NOW)?.[1], '<forever>');
});

test('the CA hash is sha256 of the SubjectPublicKeyInfo, as openssl computes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ca-hash-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=ca', '-days', '1', '-out', 'ca.crt'], { cwd: dir, stdio: 'pipe' });
    const spki = execFileSync('openssl', ['x509', '-in', 'ca.crt', '-pubkey', '-noout'], { cwd: dir });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: spki });
    const expected = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' }).trim().split(' ').pop();
    assert.equal(caCertHash(readFileSync(join(dir, 'ca.crt'), 'utf8')), `sha256:${expected}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
