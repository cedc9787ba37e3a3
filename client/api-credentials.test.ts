import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPki, type TestPki } from '../testkit/credentials.js';
import { clientCredentialFiles } from '../testkit/client-credentials.js';
import { apiChannel, CredentialsError, ipHostOf, loadApiCredentials } from './api-credentials.js';

describe('loadApiCredentials', () => {
  let dir: string;
  let pki: TestPki;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-api-credentials-'));
    pki = await createPki(join(dir, 'pki'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (pattern: RegExp) => (err: unknown) => err instanceof CredentialsError && pattern.test(err.message);

  it('reads the CA, the client pair and the token as given', () => {
    const files = clientCredentialFiles(pki.dir, 'scheduler');
    const creds = loadApiCredentials({ ...files, token: pki.token });
    assert.deepEqual(creds.certificateAuthority, readFileSync(pki.caFile));
    assert.deepEqual(creds.clientCertificate, readFileSync(join(pki.dir, 'scheduler.crt')));
    assert.deepEqual(creds.clientKey, readFileSync(join(pki.dir, 'scheduler.key')));
    assert.equal(creds.token, pki.token);
    assert.equal(apiChannel('127.0.0.1:1', creds).credentials._isSecure(), true);
  });

  it('gives a plaintext channel without any credentials, as before', () => {
    assert.deepEqual(loadApiCredentials({}), {});
    assert.equal(apiChannel('127.0.0.1:1').credentials._isSecure(), false);
  });

  it('names the flag and the file that is missing', () => {
    const missing = join(dir, 'nope', 'ca.crt');
    assert.throws(() => loadApiCredentials({ certificateAuthority: missing }), refused(new RegExp(`--certificate-authority file "${missing}": no such file or directory`)));
    const files = clientCredentialFiles(pki.dir, 'admin');
    assert.throws(() => loadApiCredentials({ ...files, clientKey: missing }), refused(new RegExp(`--client-key file "${missing}"`)));
  });

  it('refuses a directory, an empty file and a file that is not PEM', () => {
    const empty = join(dir, 'empty.crt');
    const junk = join(dir, 'junk.crt');
    writeFileSync(empty, '');
    writeFileSync(junk, 'not a certificate\n');
    assert.throws(() => loadApiCredentials({ certificateAuthority: dir }), refused(/--certificate-authority file .*: is a directory/));
    assert.throws(() => loadApiCredentials({ certificateAuthority: empty }), refused(/--certificate-authority file .*empty\.crt" is empty/));
    assert.throws(() => loadApiCredentials({ certificateAuthority: junk }), refused(/--certificate-authority file .*junk\.crt" is not PEM/));
    const files = clientCredentialFiles(pki.dir, 'admin');
    assert.throws(() => loadApiCredentials({ ...files, clientKey: junk }), refused(/--client-key file .*junk\.crt" is not PEM/));
  });

  it('refuses PEM of the wrong kind: a key for the CA, a certificate for the key', () => {
    const files = clientCredentialFiles(pki.dir, 'admin');
    assert.throws(() => loadApiCredentials({ certificateAuthority: files.clientKey }), refused(/--certificate-authority file ".*admin\.key" does not hold a PEM certificate/));
    assert.throws(() => loadApiCredentials({ ...files, clientKey: files.clientCertificate }), refused(/--client-key file ".*admin\.crt" does not hold a PEM private key/));
  });

  it('refuses a client certificate without its key, and a key without its certificate', () => {
    const { certificateAuthority, clientCertificate, clientKey } = clientCredentialFiles(pki.dir, 'admin');
    assert.throws(() => loadApiCredentials({ certificateAuthority, clientCertificate }), refused(/--client-certificate is given without --client-key/));
    assert.throws(() => loadApiCredentials({ certificateAuthority, clientKey }), refused(/--client-key is given without --client-certificate/));
  });

  it('refuses a key that belongs to another certificate', () => {
    const admin = clientCredentialFiles(pki.dir, 'admin');
    const dns = clientCredentialFiles(pki.dir, 'dns');
    assert.throws(
      () => loadApiCredentials({ ...admin, clientKey: dns.clientKey }),
      refused(/--client-key file ".*dns\.key" is not the private key of --client-certificate file ".*admin\.crt"/),
    );
  });

  it('refuses a token or a client certificate without a CA: gRPC would send neither over plaintext', () => {
    const { clientCertificate, clientKey } = clientCredentialFiles(pki.dir, 'admin');
    assert.throws(() => loadApiCredentials({ token: pki.token }), refused(/--token needs --certificate-authority/));
    assert.throws(() => loadApiCredentials({ clientCertificate, clientKey }), refused(/--client-certificate needs --certificate-authority/));
    assert.throws(() => apiChannel('127.0.0.1:1', { token: 'abc' }), refused(/needs --certificate-authority/));
  });

  it('refuses a token that cannot travel as a header value', () => {
    assert.throws(() => loadApiCredentials({ certificateAuthority: pki.caFile, token: 'two words' }), refused(/--token is not a bearer token/));
    assert.throws(() => loadApiCredentials({ certificateAuthority: pki.caFile, token: 'abc\n' }), refused(/--token is not a bearer token/));
  });

  it('names config file keys when told to', () => {
    const names = { certificateAuthority: 'certificateAuthority in f.yaml', clientCertificate: 'clientCertificate in f.yaml', clientKey: 'clientKey in f.yaml', token: 'token in f.yaml' };
    assert.throws(() => loadApiCredentials({ token: 'abc' }, names), refused(/^token in f\.yaml needs certificateAuthority in f\.yaml/));
  });
});

describe('ipHostOf', () => {
  it('finds IP literals, v4 and bracketed v6, and nothing in names', () => {
    assert.equal(ipHostOf('127.0.0.1:7443'), '127.0.0.1');
    assert.equal(ipHostOf('[::1]:7443'), '::1');
    assert.equal(ipHostOf('localhost:7443'), undefined);
    assert.equal(ipHostOf('apiserver-1:7443'), undefined);
    assert.equal(ipHostOf('dns:///127.0.0.1:7443'), undefined);
  });
});
