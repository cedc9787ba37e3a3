import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { parseCertificateRequest } from '../../api/certificates/pem-blocks.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';
import { kubeletClientRequestProblem } from '../../controller-manager/certificates/kubelet-client-request.js';
import { normalizePin } from '../bootstrap-token/ca-pin.js';
import { newNodeRequest, nodeCsrObject, nodeRequestName } from './node-request.js';
import { issuedCertificate } from './request-certificate.js';

describe('join: the node\'s key and certificate request', () => {
  it('a P-256 key and a signed PKCS#10 request for CN=system:node:NAME, O=system:nodes', async () => {
    const { keyPem, requestPem } = await newNodeRequest('worker-7');
    const key = createPrivateKey(keyPem);
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const request = parseCertificateRequest(requestPem);
    assert.ok(typeof request !== 'string', String(request));
    assert.ok(await request.verify());
    assert.deepEqual(request.subjectName.getField('CN'), ['system:node:worker-7']);
    assert.deepEqual(request.subjectName.getField('O'), ['system:nodes']);
    // The request carries the public half of the key written beside it.
    const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
    assert.deepEqual(Buffer.from(request.publicKey.rawData), fromKey);
  });

  it('the CSR object is one csrapproving approves on its own', async () => {
    const { requestPem } = await newNodeRequest('worker-7');
    const name = nodeRequestName();
    assert.match(name, /^node-csr-[0-9a-f]{12}$/);
    assert.notEqual(name, nodeRequestName());
    const csr = nodeCsrObject(name, requestPem);
    assert.equal(csr.apiVersion, 'certificates.k8s.io/v1');
    assert.equal(csr.spec.signerName, 'kubernetes.io/kube-apiserver-client-kubelet');
    assert.deepEqual(csr.spec.usages, ['digital signature', 'client auth']);
    assert.equal(Buffer.from(csr.spec.request, 'base64').toString('utf8'), requestPem);
    const parsed = parseCertificateRequest(requestPem);
    assert.ok(typeof parsed !== 'string');
    assert.equal(kubeletClientRequestProblem(parsed, csr.spec.usages ?? []), undefined);
  });

  it('reads a request\'s outcome: pending, issued, denied, failed', () => {
    const base: CertificateSigningRequest = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'node-csr-1' }, spec: { request: '', signerName: 's' } };
    assert.equal(issuedCertificate(base), undefined);
    const cond = (type: string, message: string) => ({ ...base, status: { conditions: [{ type, status: 'True' as const, message }] } });
    assert.equal(issuedCertificate(cond('Approved', 'ok')), undefined);
    assert.throws(() => issuedCertificate(cond('Denied', 'not this node')), /node-csr-1 was denied: not this node/);
    assert.throws(() => issuedCertificate(cond('Failed', 'bad key')), /signing the CertificateSigningRequest node-csr-1 failed: bad key/);
    assert.throws(() => issuedCertificate({ ...base, status: { certificate: Buffer.from('junk').toString('base64') } }), /no usable certificate/);
  });

  it('a pin is sha256: and 64 hex digits, in any case', () => {
    const hex = 'AB'.repeat(32);
    assert.equal(normalizePin(`sha256:${hex}`), `sha256:${hex.toLowerCase()}`);
    assert.equal(normalizePin(hex), undefined);
    assert.equal(normalizePin('sha256:abc'), undefined);
  });
});
