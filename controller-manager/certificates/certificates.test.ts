import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { metaTime } from '../../api/meta-time.js';
import type { CertificateSigningRequest, ClusterRole, ClusterRoleBinding } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { stored, syncOnce } from '../common/controller-fixtures.js';
import { BACKDATE_MS, CaSigner } from './ca-signer.js';
import { CsrApprovingController } from './csr-approving-controller.js';
import { clusterRolesAllow } from './cluster-role-check.js';
import { kubeletClientRequestProblem } from './kubelet-client-request.js';
import { CsrSigningController, signerPolicyProblem } from './csr-signing-controller.js';

const dir = mkdtempSync(join(tmpdir(), 'csr-signer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=test-ca', '-days', '30', '-out', 'ca.crt');

function request(subject: string, extra: string[] = []): x509.Pkcs10CertificateRequest {
  const name = `r${Math.random().toString(36).slice(2)}`;
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, ...extra, '-out', `${name}.csr`);
  return new x509.Pkcs10CertificateRequest(readFileSync(join(dir, `${name}.csr`), 'utf8'));
}

const CLIENT_USAGES = ['digital signature', 'client auth'];

describe('node client requests', () => {
  it('accepts O=system:nodes, CN=system:node:<name> with client usages, and names what is wrong otherwise', () => {
    assert.equal(kubeletClientRequestProblem(request('/O=system:nodes/CN=system:node:n9'), CLIENT_USAGES), undefined);
    assert.match(kubeletClientRequestProblem(request('/O=system:masters/CN=system:node:n9'), CLIENT_USAGES) ?? '', /organization/);
    assert.match(kubeletClientRequestProblem(request('/O=system:nodes/CN=admin'), CLIENT_USAGES) ?? '', /common name/);
    assert.match(kubeletClientRequestProblem(request('/O=system:nodes/CN=system:node:n9'), ['server auth']) ?? '', /client auth/);
    const withSan = request('/O=system:nodes/CN=system:node:n9', ['-addext', 'subjectAltName=DNS:evil.example']);
    assert.match(kubeletClientRequestProblem(withSan, CLIENT_USAGES) ?? '', /alternative names/);
  });

  it('the plain client signer takes any subject but only client usages', () => {
    const admin = request('/O=ops/CN=jane');
    assert.equal(signerPolicyProblem('kubernetes.io/kube-apiserver-client', admin, CLIENT_USAGES), undefined);
    assert.match(signerPolicyProblem('kubernetes.io/kube-apiserver-client', admin, ['client auth', 'server auth']) ?? '', /server auth/);
    assert.match(signerPolicyProblem('kubernetes.io/kube-apiserver-client-kubelet', admin, CLIENT_USAGES) ?? '', /organization/);
  });
});

describe('the CA signer', () => {
  it('issues the request\'s subject for the shorter duration, signed by the CA, and openssl verifies it', async () => {
    const signer = await CaSigner.load(join(dir, 'ca.crt'), join(dir, 'ca.key'), 24 * 3600 * 1000);
    const nowMs = Date.now();
    const pem = await signer.sign({ request: request('/O=system:nodes/CN=system:node:n9'), usages: CLIENT_USAGES, requestedSeconds: 3600, nowMs });
    const cert = new x509.X509Certificate(pem);
    assert.equal(cert.subject, 'O=system:nodes, CN=system:node:n9');
    assert.equal(cert.issuer, 'CN=test-ca');
    assert.equal(cert.notAfter.getTime(), Math.floor((nowMs + 3600_000) / 1000) * 1000);
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    assert.deepEqual([...(eku?.usages ?? [])], [x509.ExtendedKeyUsage.clientAuth]);
    const out = join(dir, 'issued.crt');
    execFileSync('sh', ['-c', `cat > ${out}`], { input: pem });
    assert.match(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), out], { encoding: 'utf8' }), /issued.crt: OK/);
  });

  it('never signs past the allowed duration', async () => {
    const signer = await CaSigner.load(join(dir, 'ca.crt'), join(dir, 'ca.key'), 3600 * 1000);
    const nowMs = Date.now();
    const pem = await signer.sign({ request: request('/CN=jane'), usages: CLIENT_USAGES, requestedSeconds: 30 * 24 * 3600, nowMs });
    assert.ok(new x509.X509Certificate(pem).notAfter.getTime() <= nowMs + 3600 * 1000);
  });
});

describe('cluster role check', () => {
  const role = (name: string, resources: string[]): ClusterRole => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ verbs: ['create'], apiGroups: ['certificates.k8s.io'], resources }],
  });
  const binding = (roleName: string, group: string): ClusterRoleBinding => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: roleName },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }],
  });
  const ask = { user: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'], verb: 'create', apiGroup: 'certificates.k8s.io', resource: 'certificatesigningrequests/nodeclient' };

  it('grants through a binding of one of the user\'s groups to a role with the right', () => {
    assert.equal(clusterRolesAllow([binding('nodeclient', 'system:bootstrappers')], [role('nodeclient', ['certificatesigningrequests/nodeclient'])], ask), true);
    assert.equal(clusterRolesAllow([binding('nodeclient', 'system:bootstrappers')], [role('nodeclient', ['*/nodeclient'])], ask), true);
  });

  it('refuses without a binding, for another group, or for another subresource', () => {
    assert.equal(clusterRolesAllow([], [role('nodeclient', ['certificatesigningrequests/nodeclient'])], ask), false);
    assert.equal(clusterRolesAllow([binding('nodeclient', 'system:nodes')], [role('nodeclient', ['certificatesigningrequests/nodeclient'])], ask), false);
    assert.equal(clusterRolesAllow([binding('nodeclient', 'system:bootstrappers')], [role('nodeclient', ['certificatesigningrequests/selfnodeclient'])], ask), false);
  });
});

describe('the controllers date what they write by their clock', () => {
  /** A week from the real now, inside the test CA's validity: no machine clock would give it. */
  const clockStart = Date.now() + 7 * 24 * 3600 * 1000;

  function csr(signerName: string, pem: string, approvedAt?: string): CertificateSigningRequest {
    return {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'node-csr', uid: 'csr-uid' },
      spec: { signerName, request: Buffer.from(pem).toString('base64'), usages: CLIENT_USAGES as CertificateSigningRequest['spec']['usages'], username: 'system:node:n9', groups: ['system:nodes'] },
      ...(approvedAt ? { status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', lastUpdateTime: approvedAt, lastTransitionTime: approvedAt }] } } : {}),
    };
  }

  it('the signer backdates a certificate from the controller clock', async () => {
    const signer = await CaSigner.load(join(dir, 'ca.crt'), join(dir, 'ca.key'), 3600 * 1000);
    const fake = new FakeApiClient();
    fake.seed('certificatesigningrequests', csr('kubernetes.io/kube-apiserver-client', request('/CN=jane').toString('pem'), '2020-01-01T00:00:00Z'));
    await syncOnce(fake, new ManualClock(clockStart), (ctx) => new CsrSigningController(ctx, signer), 'node-csr');
    const issued = stored<CertificateSigningRequest>(fake, 'certificatesigningrequests', 'node-csr').status?.certificate;
    assert.ok(issued, 'signed');
    const cert = new x509.X509Certificate(Buffer.from(issued, 'base64').toString('utf8'));
    assert.equal(cert.notBefore.getTime(), Math.floor((clockStart - BACKDATE_MS) / 1000) * 1000);
  });

  it('the approver stamps its Approved condition with the controller clock', async () => {
    const fake = new FakeApiClient();
    fake.seed('certificatesigningrequests', csr('kubernetes.io/kube-apiserver-client-kubelet', request('/O=system:nodes/CN=system:node:n9').toString('pem')));
    fake.seed('clusterroles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'self' }, rules: [{ verbs: ['create'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/selfnodeclient'] }] } as ClusterRole);
    fake.seed('clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'self' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'self' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:nodes' }],
    } as ClusterRoleBinding);
    await syncOnce(fake, new ManualClock(clockStart), (ctx) => new CsrApprovingController(ctx), 'node-csr');
    const approved = stored<CertificateSigningRequest>(fake, 'certificatesigningrequests', 'node-csr').status?.conditions?.find((c) => c.type === 'Approved');
    assert.equal(approved?.lastUpdateTime, metaTime(clockStart));
  });
});
