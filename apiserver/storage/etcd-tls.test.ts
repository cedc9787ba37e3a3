import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPki } from '../../testkit/credentials.js';
import { checkEtcdServers, loadEtcdCredentials } from './etcd-tls.js';

const HTTPS = ['https://127.0.0.1:2379'];

describe('checkEtcdServers', () => {
  it('tells http from https and refuses a mix or another scheme', () => {
    assert.equal(checkEtcdServers(['http://a:1', 'http://b:2']), 'http');
    assert.equal(checkEtcdServers(['https://a:1', 'https://b:2']), 'https');
    assert.throws(() => checkEtcdServers(['https://a:1', 'http://b:2']), /mixes http:\/\/ and https:\/\//);
    assert.throws(() => checkEtcdServers(['a:1']), /--etcd-servers "a:1": expected an http:\/\/ or https:\/\/ URL/);
    assert.throws(() => checkEtcdServers([]), /names no URL/);
  });
});

describe('loadEtcdCredentials', () => {
  let dir = '';
  let pki = '';
  let other = '';
  const file = (name: string) => join(pki, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-etcd-tls-'));
    pki = (await createPki(join(dir, 'pki'))).dir;
    other = (await createPki(join(dir, 'other'))).dir;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('gives no credentials without files, whatever the scheme', async () => {
    assert.equal(await loadEtcdCredentials(['http://127.0.0.1:2379'], { caFile: '', certFile: '', keyFile: '' }), undefined);
    assert.equal(await loadEtcdCredentials(HTTPS, { caFile: '', certFile: '', keyFile: '' }), undefined);
  });

  it('reads the CA, certificate and key', async () => {
    const files = { caFile: file('ca.crt'), certFile: file('apiserver-etcd-client.crt'), keyFile: file('apiserver-etcd-client.key') };
    const credentials = await loadEtcdCredentials(HTTPS, files);
    assert.deepEqual(credentials?.rootCertificate, await readFile(files.caFile));
    assert.deepEqual(credentials?.certChain, await readFile(files.certFile));
    assert.deepEqual(credentials?.privateKey, await readFile(files.keyFile));
  });

  it('refuses a certificate without its key and a key without its certificate', async () => {
    await assert.rejects(
      loadEtcdCredentials(HTTPS, { caFile: file('ca.crt'), certFile: file('apiserver-etcd-client.crt'), keyFile: '' }),
      /--etcd-certfile needs --etcd-keyfile/,
    );
    await assert.rejects(
      loadEtcdCredentials(HTTPS, { caFile: '', certFile: '', keyFile: file('apiserver-etcd-client.key') }),
      /--etcd-keyfile needs --etcd-certfile/,
    );
  });

  it('refuses files for http:// URLs', async () => {
    await assert.rejects(
      loadEtcdCredentials(['http://127.0.0.1:2379'], { caFile: file('ca.crt'), certFile: '', keyFile: '' }),
      /need https:\/\/ URLs in --etcd-servers/,
    );
  });

  it('names the flag and path of a missing or malformed file', async () => {
    await assert.rejects(
      loadEtcdCredentials(HTTPS, { caFile: join(dir, 'absent.crt'), certFile: '', keyFile: '' }),
      (err: Error) => err.message.includes(`--etcd-cafile ${join(dir, 'absent.crt')}: cannot be read: no such file`),
    );
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a certificate\n');
    await assert.rejects(loadEtcdCredentials(HTTPS, { caFile: garbage, certFile: '', keyFile: '' }), /--etcd-cafile .*garbage\.pem: not a PEM certificate/);
    await assert.rejects(
      loadEtcdCredentials(HTTPS, { caFile: '', certFile: file('apiserver-etcd-client.crt'), keyFile: garbage }),
      /--etcd-keyfile .*garbage\.pem: not a PEM private key/,
    );
  });

  it('refuses a key that is not the certificate\'s', async () => {
    await assert.rejects(
      loadEtcdCredentials(HTTPS, { caFile: '', certFile: file('apiserver-etcd-client.crt'), keyFile: join(other, 'apiserver-etcd-client.key') }),
      /is not the key of --etcd-certfile/,
    );
  });
});
