import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { DAY_MS, issueCert, issueLeaf, makeCa, newCa } from './test-certificates.js';

const OWNER_ONLY = 0o600;

describe('test certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-test-certificates-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = (file: string) => new X509Certificate(readFileSync(file));

  it('a CA in files issues a leaf that chains to it, with the subject, usage and names asked for', async () => {
    const ca = await makeCa(dir, 'ca');
    const leaf = await issueCert(dir, ca, 'web', { subject: { o: ['dev', 'system:masters'], cn: 'jane' }, usage: 'server', ips: ['127.0.0.1'], dnsNames: ['localhost'] });
    const [authority, issued] = [cert(ca.cert), cert(leaf.cert)];
    assert.equal(authority.ca, true);
    assert.equal(authority.subject, 'CN=ca');
    assert.equal(issued.ca, false);
    assert.ok(issued.checkIssued(authority) && issued.verify(authority.publicKey));
    assert.equal(issued.subject, 'O=dev\nO=system:masters\nCN=jane');
    assert.deepEqual(issued.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(issued.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost');
    assert.equal(statSync(leaf.key).mode & 0o777, OWNER_ONLY);
    // Files end in a newline, so `cat leaf ca` is a chain a TLS server accepts.
    assert.ok(readFileSync(ca.cert, 'utf8').endsWith('-----END CERTIFICATE-----\n'));
    // The key is the certificate's own: a TLS context refuses a pair that does not match.
    assert.doesNotThrow(() => createSecureContext({ cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) }));
  });

  it('signs with a CA key in SEC1 form, as deploy/pki.sh writes it', async () => {
    const ca = await makeCa(dir, 'sec1-ca', { cn: 'flotilla-ca' });
    writeFileSync(ca.key, createPrivateKey(readFileSync(ca.key)).export({ type: 'sec1', format: 'pem' }));
    assert.match(readFileSync(ca.key, 'utf8'), /BEGIN EC PRIVATE KEY/);
    const leaf = cert((await issueCert(dir, ca, 'client', { subject: { cn: 'bob' } })).cert);
    assert.ok(leaf.verify(cert(ca.cert).publicKey));
    assert.equal(leaf.issuer, 'CN=flotilla-ca');
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(leaf.subjectAltName, undefined);
  });

  it('any validity window, a not-yet-valid one included; a day from now unless told', async () => {
    const { signer } = await newCa({ cn: 'ca' });
    const nowMs = Date.now();
    const later = new X509Certificate((await issueLeaf(signer, { subject: { cn: 'later' }, notBefore: new Date(nowMs + DAY_MS), notAfter: new Date(nowMs + 2 * DAY_MS) })).certPem);
    assert.ok(Date.parse(later.validFrom) > nowMs);
    const usual = new X509Certificate((await issueLeaf(signer, { subject: { cn: 'usual' } })).certPem);
    assert.ok(Date.parse(usual.validFrom) <= nowMs);
    assert.ok(Math.abs(Date.parse(usual.validTo) - Date.parse(usual.validFrom) - DAY_MS) < 1000);
  });
});
