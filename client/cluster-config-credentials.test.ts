import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPki, type TestPki } from '../testkit/credentials.js';
import { clientCredentialFiles } from '../testkit/client-credentials.js';
import { CredentialsError } from './api-credentials.js';
import { loadClusterConfig, writeClusterConfig } from './cluster-config.js';

const OWNER_ONLY = 0o600;
const PERMISSION_BITS = 0o777;

describe('cluster config credentials', () => {
  let dir: string;
  let pki: TestPki;
  let other: TestPki;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-config-credentials-'));
    [pki, other] = await Promise.all([createPki(join(dir, 'cluster', 'pki')), createPki(join(dir, 'other'))]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const read = (path: string) => readFileSync(path);
  const load = (configPath: string, credentials = {}) => loadClusterConfig({ configPath, env: {}, homeDir: dir, credentials });

  it('writes credential paths relative to the file, so the folder can move; a file with a token is private', () => {
    const path = join(dir, 'cluster', 'config.yaml');
    writeClusterConfig(path, { server: '127.0.0.1:7443', ...clientCredentialFiles(pki.dir, 'admin'), token: pki.token });
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^certificateAuthority: pki\/ca\.crt$/m);
    assert.match(text, /^clientCertificate: pki\/admin\.crt$/m);
    assert.match(text, /^clientKey: pki\/admin\.key$/m);
    assert.equal(statSync(path).mode & PERMISSION_BITS, OWNER_ONLY);

    const moved = join(dir, 'moved');
    renameSync(join(dir, 'cluster'), moved);
    try {
      const { credentials } = load(join(moved, 'config.yaml'));
      assert.deepEqual(credentials, {
        certificateAuthority: read(join(moved, 'pki', 'ca.crt')),
        clientCertificate: read(join(moved, 'pki', 'admin.crt')),
        clientKey: read(join(moved, 'pki', 'admin.key')),
        token: pki.token,
      });
    } finally {
      renameSync(moved, join(dir, 'cluster'));
    }
  });

  it('reads hand-written relative paths from the file\'s folder, not the working directory', () => {
    const path = join(dir, 'cluster', 'hand.yaml');
    writeFileSync(path, 'server: 127.0.0.1:1\ncertificateAuthority: pki/ca.crt\nclientCertificate: ./pki/dns.crt\nclientKey: pki/dns.key\n');
    const { credentials } = load(path);
    assert.deepEqual(credentials.clientCertificate, read(join(pki.dir, 'dns.crt')));
    assert.equal(credentials.token, undefined);
  });

  it('takes each flag over the file\'s key, the client certificate and key as one pair', () => {
    const path = join(dir, 'cluster', 'flags.yaml');
    writeClusterConfig(path, { server: 's:1', ...clientCredentialFiles(pki.dir, 'admin'), token: 'file-token' });
    const byFlags = load(path, { certificateAuthority: other.caFile, token: 'flag-token' }).credentials;
    assert.deepEqual(byFlags.certificateAuthority, read(other.caFile));
    assert.equal(byFlags.token, 'flag-token');
    assert.deepEqual(byFlags.clientCertificate, read(join(pki.dir, 'admin.crt')), 'the pair stays the file\'s');

    const pair = load(path, { clientCertificate: join(pki.dir, 'scheduler.crt'), clientKey: join(pki.dir, 'scheduler.key') }).credentials;
    assert.deepEqual(pair.clientKey, read(join(pki.dir, 'scheduler.key')));
    assert.deepEqual(pair.certificateAuthority, read(pki.caFile));

    assert.throws(
      () => load(path, { clientCertificate: join(pki.dir, 'scheduler.crt') }),
      (err: unknown) => err instanceof CredentialsError && /^--client-certificate is given without --client-key/.test(err.message),
      'a flag certificate is never paired with the file\'s key',
    );
  });

  it('names the key and the config file in errors', () => {
    const path = join(dir, 'cluster', 'half.yaml');
    writeFileSync(path, 'clientCertificate: pki/admin.crt\ncertificateAuthority: pki/ca.crt\n');
    assert.throws(() => load(path), new RegExp(`clientCertificate in cluster config file ${path} is given without clientKey in cluster config file ${path}`));

    const missing = join(dir, 'cluster', 'missing.yaml');
    writeFileSync(missing, 'certificateAuthority: nowhere/ca.crt\n');
    assert.throws(() => load(missing), new RegExp(`certificateAuthority in cluster config file ${missing} file "${join(dir, 'cluster', 'nowhere', 'ca.crt')}": no such file or directory`));

    const tokenOnly = join(dir, 'cluster', 'token.yaml');
    writeFileSync(tokenOnly, 'token: abc\n');
    assert.throws(() => load(tokenOnly), /token in cluster config file .* needs --certificate-authority/);

    const wrongType = join(dir, 'cluster', 'wrong.yaml');
    mkdirSync(join(dir, 'cluster'), { recursive: true });
    writeFileSync(wrongType, 'token: 42\n');
    assert.throws(() => load(wrongType), /"token" must be a non-empty string/);
  });
});
