import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKubeletClientCredentials, wantsKubeletClientTls } from './kubelet-client-tls.js';

const NONE = { kubeletClientCertificate: '', kubeletClientKey: '', kubeletCertificateAuthority: '' };

test('agents are reached over TLS with all three files, plaintext with none', () => {
  assert.equal(wantsKubeletClientTls(NONE), false);
  assert.equal(wantsKubeletClientTls({ kubeletClientCertificate: 'c', kubeletClientKey: 'k', kubeletCertificateAuthority: 'ca' }), true);
});

test('a client certificate without the CA that checks agents is refused, and the reverse', () => {
  assert.throws(() => wantsKubeletClientTls({ ...NONE, kubeletClientCertificate: 'c', kubeletClientKey: 'k' }), /go together/);
  assert.throws(() => wantsKubeletClientTls({ ...NONE, kubeletCertificateAuthority: 'ca' }), /go together/);
  assert.deepEqual(loadKubeletClientCredentials(NONE), {});
  assert.throws(
    () => loadKubeletClientCredentials({ kubeletClientCertificate: '/nonexistent/c', kubeletClientKey: '/nonexistent/k', kubeletCertificateAuthority: '/nonexistent/ca' }),
    /--kubelet-certificate-authority file "\/nonexistent\/ca": no such file/,
  );
});
