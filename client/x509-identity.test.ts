import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerCertificate } from 'node:tls';
import { certificateIdentity, describeIdentity } from './x509-identity.js';

function cert(subject: Record<string, string | string[]>): Pick<PeerCertificate, 'subject'> {
  return { subject: subject as unknown as PeerCertificate['subject'] };
}

test('the CN is the user and every O a group', () => {
  assert.deepEqual(certificateIdentity(cert({ CN: 'system:node:n1', O: 'system:nodes' })), { user: 'system:node:n1', groups: ['system:nodes'] });
  assert.deepEqual(certificateIdentity(cert({ CN: 'u', O: ['a', 'b'] })), { user: 'u', groups: ['a', 'b'] });
  assert.deepEqual(certificateIdentity(cert({ CN: 'u' })), { user: 'u', groups: [] });
});

test('no certificate or no CN names nobody', () => {
  assert.equal(certificateIdentity(undefined), undefined);
  assert.equal(certificateIdentity(cert({ O: 'system:masters' })), undefined);
  assert.equal(certificateIdentity(cert({ CN: '' })), undefined);
});

test('an identity reads as kubelet logs it', () => {
  assert.equal(describeIdentity({ user: 'u', groups: ['a', 'b'] }), 'user=u, groups=[a b]');
});
