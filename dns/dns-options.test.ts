import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPki } from '../testkit/credentials.js';
import { clientCredentialFiles, credentialArgs } from '../testkit/client-credentials.js';
import { parseDnsOptions } from './dns-options.js';

describe('parseDnsOptions', () => {
  it('takes the kube-dns ClusterIP, domain and advertise address from the command line', () => {
    const o = parseDnsOptions(['--cluster-dns-ip', '10.123.0.10', '--cluster-domain', 'Example.Local.', '--advertise-address', '192.0.2.7', '--port', '0']);
    assert.equal(o.clusterDnsIP, '10.123.0.10');
    assert.equal(o.clusterDomain, 'example.local');
    assert.equal(o.advertiseAddress, '192.0.2.7');
    assert.equal(o.port, 0);
  });

  it('listens on the advertise address unless told otherwise, so UDP answers leave from the DNAT target', () => {
    assert.equal(parseDnsOptions(['--advertise-address', '192.0.2.7']).listenAddress, '192.0.2.7');
    assert.equal(parseDnsOptions(['--advertise-address', '192.0.2.7', '--listen-address', '0.0.0.0']).listenAddress, '0.0.0.0');
  });

  it('defaults the ClusterIP to the well-known 10.96.0.10', () => {
    assert.equal(parseDnsOptions(['--advertise-address', '192.0.2.7']).clusterDnsIP, '10.96.0.10');
  });

  it('serves its health port over TLS with kube-scheduler\'s flags, plain without them', () => {
    assert.deepEqual(parseDnsOptions(['--advertise-address', '192.0.2.7']).servingTls, { tlsCertFile: '', tlsPrivateKeyFile: '', clientCaFile: '' });
    const o = parseDnsOptions(['--advertise-address', '192.0.2.7', '--tls-cert-file', 'dns.crt', '--tls-private-key-file', 'dns.key', '--client-ca-file', 'ca.crt']);
    assert.deepEqual(o.servingTls, { tlsCertFile: 'dns.crt', tlsPrivateKeyFile: 'dns.key', clientCaFile: 'ca.crt' });
    assert.equal('tlsCertFile' in o, false);
  });
});

describe('parseDnsOptions credentials', () => {
  it('loads the dns identity from kubectl\'s credential flags; none means a plaintext channel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-dns-options-'));
    try {
      const pki = await createPki(dir);
      const o = parseDnsOptions(['--advertise-address', '192.0.2.7', ...credentialArgs(clientCredentialFiles(pki.dir, 'dns'))]);
      assert.deepEqual(o.credentials.clientKey, readFileSync(join(dir, 'dns.key')));
      assert.deepEqual(parseDnsOptions(['--advertise-address', '192.0.2.7']).credentials, {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
