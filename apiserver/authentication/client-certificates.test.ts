import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unauthorized } from '../../api/errors.js';
import { silentLogger } from '../../client/silent-logger.js';
import { issueCert, makeCa, type CertFiles } from '../../testkit/test-certificates.js';
import { AUTHENTICATED_GROUP, authenticatorChain } from '../http/authenticator.js';
import { certificateAuthenticator } from './certificate-authenticator.js';
import { ClientCertificateVerifier, CertificateVerifyError, parseCertificateBundle } from './client-certificates.js';
import { presentedCredentials } from './presented-credentials.js';
import { userFromCertificate } from './x509-user.js';

const DAY_MS = 86_400_000;
let dir = '';
let ca: CertFiles;
let otherCa: CertFiles;
const load = async (files: CertFiles): Promise<X509Certificate> => new X509Certificate(await readFile(files.cert));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-x509-'));
  ca = await makeCa(dir, 'ca');
  otherCa = await makeCa(dir, 'other-ca');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a certificate maps to user CN and every O as a group; the chain adds system:authenticated', async () => {
  const cert = await load(await issueCert(dir, ca, 'jane', { subject: { o: ['dev', 'system:masters'], cn: 'jane' } }));
  assert.deepEqual(userFromCertificate(cert), { name: 'jane', uid: '', groups: ['dev', 'system:masters'] });
  const chain = authenticatorChain([certificateAuthenticator]);
  assert.deepEqual(await chain.authenticate({ peerCertificate: cert }), { name: 'jane', uid: '', groups: ['dev', 'system:masters', AUTHENTICATED_GROUP] });
  assert.equal(await chain.authenticate({}), undefined);
});

test('a subject value cannot smuggle in a group, and a certificate without CN names nobody', async () => {
  const tricky = await load(await issueCert(dir, ca, 'tricky', { subject: { o: ['a, O=system:masters'], cn: 'eve' } }));
  assert.deepEqual(userFromCertificate(tricky)?.groups, ['a, O=system:masters']);
  const nameless = await load(await issueCert(dir, ca, 'nameless', { subject: { o: ['system:masters'] } }));
  assert.equal(userFromCertificate(nameless), undefined);
});

test('verification: the right CA (alone or in a bundle) passes; another CA, a server-only certificate and garbage are refused', async () => {
  const verifier = await ClientCertificateVerifier.fromFile(ca.cert);
  const good = await load(await issueCert(dir, ca, 'good', { subject: { cn: 'good' } }));
  assert.equal(verifier.verify(good.raw).subject, good.subject);
  const foreign = await load(await issueCert(dir, otherCa, 'foreign', { subject: { o: ['system:masters'], cn: 'mallory' } }));
  assert.throws(() => verifier.verify(foreign.raw), (err: unknown) => err instanceof CertificateVerifyError && /unknown authority/.test(err.message));
  const serverOnly = await load(await issueCert(dir, ca, 'server', { subject: { cn: 'server' }, usage: 'server' }));
  assert.throws(() => verifier.verify(serverOnly.raw), /incompatible key usage/);
  assert.throws(() => verifier.verify(Buffer.from('not a certificate')), /malformed/);
  const both = new ClientCertificateVerifier(parseCertificateBundle((await readFile(otherCa.cert, 'utf8')) + (await readFile(ca.cert, 'utf8')), 'bundle'));
  assert.equal(both.size, 2);
  assert.doesNotThrow(() => both.verify(good.raw));
});

test('verification: a certificate outside its validity window is refused', async () => {
  const good = await load(await issueCert(dir, ca, 'timed', { subject: { cn: 'timed' } }));
  const authorities = parseCertificateBundle(await readFile(ca.cert, 'utf8'), ca.cert);
  const at = (ms: number) => new ClientCertificateVerifier(authorities, () => new Date(ms));
  const from = Date.parse(good.validFrom);
  assert.doesNotThrow(() => at(from + 1000).verify(good));
  assert.throws(() => at(from - DAY_MS).verify(good), /expired or is not yet valid/);
  assert.throws(() => at(Date.parse(good.validTo) + 1000).verify(good), /expired or is not yet valid/);
  const ended = { notBefore: new Date(Date.now() - 2 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) };
  const expired = await load(await issueCert(dir, ca, 'expired', { subject: { o: ['system:masters'], cn: 'old' }, ...ended }));
  assert.throws(() => new ClientCertificateVerifier(authorities).verify(expired.raw), /expired or is not yet valid/);
});

test('verification is remembered per certificate, only within the window in which it holds, and never for a refusal', async () => {
  const good = await load(await issueCert(dir, ca, 'remembered', { subject: { cn: 'remembered' } }));
  const authorities = parseCertificateBundle(await readFile(ca.cert, 'utf8'), ca.cert);
  let nowMs = Date.parse(good.validFrom) + 1000;
  const verifier = new ClientCertificateVerifier(authorities, () => new Date(nowMs));
  const first = verifier.verify(good.raw);
  assert.equal(verifier.verify(Buffer.from(good.raw)), first, 'the same DER answers the certificate verified before');
  nowMs = Date.parse(good.validTo) + 1000;
  assert.throws(() => verifier.verify(good.raw), /expired or is not yet valid/);
  const foreign = await load(await issueCert(dir, otherCa, 'foreign3', { subject: { cn: 'z' } }));
  nowMs = Date.parse(foreign.validFrom) + 1000;
  for (let i = 0; i < 2; i++) assert.throws(() => verifier.verify(foreign.raw), /unknown authority/);
});

test('presented credentials: a token passes through, a certificate that does not verify is Unauthorized, not ignored', async () => {
  const verifier = await ClientCertificateVerifier.fromFile(ca.cert);
  const log = silentLogger();
  const foreign = await load(await issueCert(dir, otherCa, 'foreign2', { subject: { cn: 'x' } }));
  const good = await load(await issueCert(dir, ca, 'good2', { subject: { cn: 'y' } }));
  assert.deepEqual(presentedCredentials({ authorization: 'Bearer abc' }, verifier, log), { bearerToken: 'abc' });
  assert.equal(presentedCredentials({ authorization: undefined, peerCertificate: good.raw }, verifier, log).peerCertificate?.subject, 'CN=y');
  assert.throws(() => presentedCredentials({ authorization: 'Bearer abc', peerCertificate: foreign.raw }, verifier, log), (err: unknown) => {
    assert.deepEqual(err, unauthorized());
    return true;
  });
  // Without a client CA no certificate is asked for; one that comes anyway identifies nobody.
  assert.deepEqual(presentedCredentials({ authorization: undefined, peerCertificate: good.raw }, undefined, log), { bearerToken: undefined });
});
