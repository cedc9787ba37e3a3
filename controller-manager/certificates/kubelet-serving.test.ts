import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { KUBELET_SERVING_SIGNER } from '../../api/certificates/names.js';
import type { CertificateSigningRequest, KeyUsage, Node } from '../../api/types/index.js';
import { CaSigner } from './ca-signer.js';
import { signerPolicyProblem } from './csr-signing-controller.js';
import { servingApprovalProblem } from './kubelet-serving-approval.js';
import { kubeletServingRequestProblem, requestedNames } from './kubelet-serving-request.js';

const dir = mkdtempSync(join(tmpdir(), 'kubelet-serving-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=test-ca', '-days', '30', '-out', 'ca.crt');

/** A fresh EC key's request for `subject`, with `altNames` (openssl's subjectAltName syntax) when given. */
function request(subject: string, altNames?: string): x509.Pkcs10CertificateRequest {
  const name = `r${Math.random().toString(36).slice(2)}`;
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, ...(altNames ? ['-addext', `subjectAltName=${altNames}`] : []), '-out', `${name}.csr`);
  return new x509.Pkcs10CertificateRequest(readFileSync(join(dir, `${name}.csr`), 'utf8'));
}

const SERVING: KeyUsage[] = ['digital signature', 'key encipherment', 'server auth'];
const SERVING_EC: KeyUsage[] = ['server auth', 'digital signature'];
const N9 = '/O=system:nodes/CN=system:node:n9';

describe('node serving requests (the kubelet-serving signer\'s checks)', () => {
  it('accepts O=system:nodes, CN=system:node:<name>, DNS and IP names, and either usage set', () => {
    const good = request(N9, 'DNS:n9,DNS:host-n9,IP:10.0.0.9');
    assert.equal(kubeletServingRequestProblem(good, SERVING), undefined);
    assert.equal(kubeletServingRequestProblem(good, SERVING_EC), undefined);
    assert.deepEqual(requestedNames(good), { dns: ['n9', 'host-n9'], ips: ['10.0.0.9'], emails: [], uris: [], other: [] });
    assert.equal(kubeletServingRequestProblem(request(N9, 'IP:127.0.0.1'), SERVING_EC), undefined);
  });

  it('names what is wrong: organization, common name, missing names, email or URI names, usages', () => {
    assert.match(kubeletServingRequestProblem(request('/O=system:masters/CN=system:node:n9', 'DNS:n9'), SERVING) ?? '', /organization is not system:nodes/);
    assert.match(kubeletServingRequestProblem(request('/O=system:nodes/O=ops/CN=system:node:n9', 'DNS:n9'), SERVING) ?? '', /organization/);
    assert.match(kubeletServingRequestProblem(request('/O=system:nodes/CN=n9', 'DNS:n9'), SERVING) ?? '', /common name does not begin with system:node:/);
    assert.match(kubeletServingRequestProblem(request(N9), SERVING) ?? '', /DNS or IP subjectAltName is required/);
    assert.match(kubeletServingRequestProblem(request(N9, 'DNS:n9,email:n9@example.com'), SERVING) ?? '', /Email subjectAltNames are not allowed/);
    assert.match(kubeletServingRequestProblem(request(N9, 'DNS:n9,URI:spiffe://n9'), SERVING) ?? '', /URI subjectAltNames are not allowed/);
    const named = request(N9, 'DNS:n9');
    assert.match(kubeletServingRequestProblem(named, [...SERVING, 'client auth']) ?? '', /usages did not match/);
    assert.match(kubeletServingRequestProblem(named, ['digital signature', 'key encipherment']) ?? '', /usages did not match/);
    assert.match(kubeletServingRequestProblem(named, ['server auth']) ?? '', /usages did not match/);
  });

  it('is the policy of the kubelet-serving signer, and the signer copies the names into the certificate', async () => {
    const req = request(N9, 'DNS:n9,IP:127.0.0.1');
    assert.equal(signerPolicyProblem(KUBELET_SERVING_SIGNER, req, SERVING), undefined);
    assert.match(signerPolicyProblem(KUBELET_SERVING_SIGNER, request('/CN=jane', 'DNS:n9'), SERVING) ?? '', /organization/);
    const signer = await CaSigner.load(join(dir, 'ca.crt'), join(dir, 'ca.key'), 24 * 3600 * 1000);
    const cert = new x509.X509Certificate(await signer.sign({ request: req, usages: SERVING, nowMs: Date.now() }));
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    assert.deepEqual(san?.names.items.map((n) => `${n.type}:${n.value}`), ['dns:n9', 'ip:127.0.0.1']);
    assert.deepEqual([...(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])], [x509.ExtendedKeyUsage.serverAuth]);
  });
});

describe('approving node serving requests (--approve-kubelet-serving)', () => {
  const csr = (username: string | undefined, usages: KeyUsage[] = SERVING_EC): CertificateSigningRequest => ({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'serving-n9' },
    spec: { request: '', signerName: KUBELET_SERVING_SIGNER, usages, username },
  });
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n9' },
    status: { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }, { type: 'Hostname', address: 'host-n9' }] },
  };

  it('approves what the node asks for itself: its name and its reported addresses', () => {
    assert.equal(servingApprovalProblem(csr('system:node:n9'), request(N9, 'DNS:n9,DNS:host-n9,IP:10.0.0.9'), node), undefined);
    assert.equal(servingApprovalProblem(csr('system:node:n9'), request(N9, 'IP:10.0.0.9'), node), undefined);
  });

  it('leaves it for a person when another user asks, the node is unknown, or a name is not the node\'s', () => {
    const own = request(N9, 'DNS:n9,IP:10.0.0.9');
    assert.match(servingApprovalProblem(csr('system:node:n8'), own, node) ?? '', /requestor system:node:n8 is not system:node:n9/);
    assert.match(servingApprovalProblem(csr('kubernetes-admin'), own, node) ?? '', /requestor kubernetes-admin/);
    assert.match(servingApprovalProblem(csr(undefined), own, node) ?? '', /requestor \(none\)/);
    assert.match(servingApprovalProblem(csr('system:node:n9'), own, undefined) ?? '', /node n9 is not registered/);
    assert.match(servingApprovalProblem(csr('system:node:n9'), request(N9, 'DNS:n9,IP:10.0.0.8'), node) ?? '', /names 10\.0\.0\.8 are neither/);
    assert.match(servingApprovalProblem(csr('system:node:n9'), request(N9, 'DNS:kubernetes.default.svc'), node) ?? '', /kubernetes\.default\.svc/);
    // Never for a request the signer would refuse anyway.
    assert.match(servingApprovalProblem(csr('system:node:n9', [...SERVING, 'client auth']), own, node) ?? '', /usages did not match/);
  });
});
