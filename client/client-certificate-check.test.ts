import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerCertificate } from 'node:tls';
import { allowUsers, ANY_VERIFIED_IDENTITY, checkClientCertificate, type PresentedCertificate } from './client-certificate-check.js';

function peer(verified: boolean, subject?: Record<string, string | string[]>, verifyError?: string): PresentedCertificate {
  return { verified, verifyError, cert: subject === undefined ? undefined : { subject: subject as unknown as PeerCertificate['subject'] } };
}

const APISERVER = { CN: 'kube-apiserver-kubelet-client', O: 'system:masters' };
const NODE = { CN: 'system:node:n1', O: 'system:nodes' };
const ONLY_APISERVER = allowUsers(['kube-apiserver-kubelet-client'], '--authorized-client-users');

test('no certificate is Unauthorized and says none came', () => {
  // A resumed TLS session without a certificate calls itself authorized: still nobody.
  for (const p of [peer(false), peer(false, {}), peer(true, {}), peer(true)]) {
    const err = checkClientCertificate(p, '/metrics', ANY_VERIFIED_IDENTITY);
    assert.equal(err?.reason, 'Unauthorized');
    assert.match(err?.message ?? '', /\/metrics needs a client certificate .*no client certificate was presented/);
  }
});

test('a certificate of another CA is Unauthorized and says why', () => {
  const err = checkClientCertificate(peer(false, APISERVER, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), '/metrics', ANY_VERIFIED_IDENTITY);
  assert.equal(err?.code, 401);
  assert.match(err?.message ?? '', /not signed by the client CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
});

test('a verified certificate without a CN names nobody', () => {
  assert.equal(checkClientCertificate(peer(true, { O: 'system:masters' }), '/metrics', ANY_VERIFIED_IDENTITY)?.reason, 'Unauthorized');
});

test('any verified identity passes where every identity may call', () => {
  assert.equal(checkClientCertificate(peer(true, NODE), '/metrics', ANY_VERIFIED_IDENTITY), undefined);
});

test('an allow-list of users admits its users only; groups do not count', () => {
  assert.equal(checkClientCertificate(peer(true, APISERVER), 'Exec', ONLY_APISERVER), undefined);
  const node = checkClientCertificate(peer(true, NODE), 'Exec', ONLY_APISERVER);
  assert.equal(node?.reason, 'Forbidden');
  assert.equal(node?.message, 'Forbidden (user=system:node:n1, groups=[system:nodes], target=Exec): only kube-apiserver-kubelet-client may call (--authorized-client-users)');
  assert.equal(checkClientCertificate(peer(true, { CN: 'kubernetes-admin', O: 'system:masters' }), 'Exec', ONLY_APISERVER)?.code, 403);
  assert.match(checkClientCertificate(peer(true, APISERVER), 'Exec', allowUsers([], '--x'))?.message ?? '', /only no user may call/);
});
