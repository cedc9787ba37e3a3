// deploy/pki.sh and deploy/write-kubeconfig.mjs as testkit runs them: the files
// a test apiserver gets and the kubeconfig kubectl reads (the same up.sh writes).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createPki, writeKubeconfig } from './credentials.js';

const OWNER_ONLY = 0o600;

describe('test credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-credentials-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a CA, a serving certificate and an admin token in the token file format', async () => {
    const pki = await createPki(join(dir, 'pki'));
    assert.match(pki.token, /^[0-9a-f]{64}$/);
    assert.equal(readFileSync(pki.tokenAuthFile, 'utf8'), `${pki.token},admin,admin,"system:masters"\n`);
    for (const file of [pki.caFile, pki.certFile]) assert.match(readFileSync(file, 'utf8'), /BEGIN CERTIFICATE/);
    assert.match(readFileSync(pki.keyFile, 'utf8'), /PRIVATE KEY/);
    assert.equal(statSync(pki.keyFile).mode & 0o777, OWNER_ONLY);
  });

  it('keeps the CA and the token on a second run, so kubeconfigs stay valid', async () => {
    const first = await createPki(join(dir, 'pki'));
    const ca = readFileSync(first.caFile, 'utf8');
    const second = await createPki(join(dir, 'pki'));
    assert.equal(second.token, first.token);
    assert.equal(readFileSync(second.caFile, 'utf8'), ca);
  });

  it('writes a kubeconfig of cluster flotilla, user admin and context flotilla, mode 600', async () => {
    const pki = await createPki(join(dir, 'pki'));
    const out = await writeKubeconfig({ server: 'https://127.0.0.1:16443', caFile: pki.caFile, tokenFile: pki.tokenFile, out: join(dir, 'kubeconfig') });
    assert.equal(statSync(out).mode & 0o777, OWNER_ONLY);
    const caData = Buffer.from(readFileSync(pki.caFile)).toString('base64');
    assert.deepEqual(parse(readFileSync(out, 'utf8')), {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'flotilla', cluster: { server: 'https://127.0.0.1:16443', 'certificate-authority-data': caData } }],
      users: [{ name: 'admin', user: { token: pki.token } }],
      contexts: [{ name: 'flotilla', context: { cluster: 'flotilla', user: 'admin' } }],
      'current-context': 'flotilla',
      preferences: {},
    });
  });

  it('keeps a token of digits only a string', async () => {
    const pki = await createPki(join(dir, 'pki'));
    const tokenFile = join(dir, 'digits.token');
    writeFileSync(tokenFile, '0123456789\n');
    const out = await writeKubeconfig({ server: 'https://127.0.0.1:16443', caFile: pki.caFile, tokenFile, out: join(dir, 'digits-kubeconfig') });
    assert.equal(parse(readFileSync(out, 'utf8')).users[0].user.token, '0123456789');
  });

  it('refuses a server that is not https (kubectl would not send the token)', async () => {
    const pki = await createPki(join(dir, 'pki'));
    await assert.rejects(
      writeKubeconfig({ server: 'http://127.0.0.1:16443', caFile: pki.caFile, tokenFile: pki.tokenFile, out: join(dir, 'plain-kubeconfig') }),
      /must be an https:\/\/ URL/,
    );
  });
});
