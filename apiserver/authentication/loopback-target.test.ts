import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCert, makeCa } from '../../testkit/test-certificates.js';
import { authenticatorChain } from '../http/authenticator.js';
import { loopbackIdentity } from './loopback.js';
import { loopbackAddress, loopbackTarget } from './loopback-target.js';

test('the loopback token authenticates as system:apiserver in system:masters, and nothing else does', async () => {
  const loopback = loopbackIdentity();
  const chain = authenticatorChain([loopback.authenticator]);
  assert.deepEqual((await chain.authenticate({ bearerToken: loopback.token }))?.groups, ['system:masters', 'system:authenticated']);
  assert.equal((await chain.authenticate({ bearerToken: loopback.token }))?.name, 'system:apiserver');
  assert.equal(await chain.authenticate({ bearerToken: `${loopback.token}x` }), undefined);
  assert.equal(await chain.authenticate({}), undefined);
  assert.notEqual(loopbackIdentity().token, loopback.token);
});

test('the loopback dials a name the serving certificate carries and trusts the CA that issued it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-loopback-'));
  try {
    const ca = await makeCa(dir, 'ca');
    const other = await makeCa(dir, 'other');
    const serving = await issueCert(dir, ca, 'serving', { subject: { cn: 'kube-apiserver' }, usage: 'server' });
    const leaf = new X509Certificate(await readFile(serving.cert));
    // A certificate without subjectAltName names no host: nothing to dial.
    const cas = [new X509Certificate(await readFile(ca.cert))];
    assert.throws(() => loopbackTarget('0.0.0.0', 7443, { servingChain: [leaf], authorities: cas, token: 't' }), /names neither 127\.0\.0\.1 nor localhost/);
    assert.equal(loopbackAddress('0.0.0.0', 7443), '127.0.0.1:7443');
    assert.equal(loopbackAddress('::1', 7443), '[::1]:7443');
    assert.deepEqual(loopbackTarget('127.0.0.1', 7443), { address: '127.0.0.1:7443' });
    const named = await issueCert(dir, ca, 'named', { subject: { cn: 'kube-apiserver' }, usage: 'server', ips: ['127.0.0.1'], dnsNames: ['localhost'] });
    const namedLeaf = new X509Certificate(await readFile(named.cert));
    const target = loopbackTarget('0.0.0.0', 7443, { servingChain: [namedLeaf], authorities: cas, token: 't' });
    assert.equal(target.address, '127.0.0.1:7443');
    assert.equal(target.credentials?.token, 't');
    assert.equal(new X509Certificate(target.credentials?.certificateAuthority ?? '').subject, 'CN=ca');
    const unknown = [new X509Certificate(await readFile(other.cert))];
    assert.throws(() => loopbackTarget('0.0.0.0', 7443, { servingChain: [namedLeaf], authorities: unknown, token: 't' }), /chains to no certificate/);
    const chained = loopbackTarget('0.0.0.0', 7443, { servingChain: [namedLeaf, cas[0]], authorities: [], token: 't' });
    assert.equal(new X509Certificate(chained.credentials?.certificateAuthority ?? '').subject, 'CN=ca');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
