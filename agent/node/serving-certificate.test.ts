import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { parseCertificateRequest } from '../../api/certificates/pem-blocks.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';
import { ServingCertificateSlot, type KeyPair } from '../../client/serving-certificate-slot.js';
import { CaSigner } from '../../controller-manager/certificates/ca-signer.js';
import { kubeletServingRequestProblem } from '../../controller-manager/certificates/kubelet-serving-request.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { PKI_SUBDIR, rotationDeadlineMs, SERVING_CERT_FILE, SERVING_KEY_FILE, ServingCertificateManager, storedCertificateProblem } from './serving-certificate.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-serving-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=test-ca', '-days', '30', '-out', 'ca.crt');
const ca = readFileSync(join(dir, 'ca.crt'));
const logger = pino({ level: 'silent' });
const NAMES = { dns: ['n9', 'host-n9'], ips: ['127.0.0.1'] };
/** Reading back and signing are one poll apart. */
const ISSUE_TIMEOUT_MS = 10_000;

/** Plays approver and signer: signs every pending request the fake holds, as csrsigning would, once it passes the signer's checks. */
async function signPending(client: FakeApiClient, signer: CaSigner): Promise<CertificateSigningRequest[]> {
  const signed: CertificateSigningRequest[] = [];
  for (const obj of client.objects.get('certificatesigningrequests')?.values() ?? []) {
    const csr = obj as CertificateSigningRequest;
    if (csr.status?.certificate) continue;
    const request = parseCertificateRequest(Buffer.from(csr.spec.request, 'base64').toString());
    assert.ok(typeof request !== 'string', String(request));
    assert.equal(kubeletServingRequestProblem(request, csr.spec.usages ?? []), undefined);
    const pem = await signer.sign({ request, usages: csr.spec.usages ?? [], nowMs: Date.now() });
    client.seed(resources.certificateSigningRequests, { ...csr, status: { certificate: Buffer.from(pem).toString('base64') } });
    signed.push(csr);
  }
  return signed;
}

describe('the agent\'s serving certificate from a kubelet-serving CSR', () => {
  const stateDir = join(dir, 'state');

  it('asks with its names, serves the issued certificate, and keeps it in <state-dir>/pki', async () => {
    const client = new FakeApiClient();
    const slot = new ServingCertificateSlot(ca);
    const changes: Buffer[] = [];
    slot.onChange((pair) => changes.push(pair.cert));
    const manager = new ServingCertificateManager({ client: client.asClient(), nodeName: 'n9', stateDir, names: NAMES, slot, logger });
    await manager.loadStored();
    assert.ok(!slot.certificate);
    manager.start();
    const signer = await CaSigner.load(join(dir, 'ca.crt'), join(dir, 'ca.key'), 24 * 3600 * 1000);
    const deadline = Date.now() + ISSUE_TIMEOUT_MS;
    let signed: CertificateSigningRequest[] = [];
    while (signed.length === 0 && Date.now() < deadline) {
      signed = await signPending(client, signer);
      await sleep(50);
    }
    assert.equal(signed.length, 1);
    assert.equal(signed[0].spec.signerName, 'kubernetes.io/kubelet-serving');
    assert.deepEqual(signed[0].spec.usages, ['digital signature', 'server auth']);
    while (!slot.certificate && Date.now() < deadline) await sleep(50);
    await manager.stop();
    const issued = slot.certificate as KeyPair | undefined;
    assert.ok(issued, 'the slot got the certificate');
    assert.equal(changes.length, 1);
    const cert = new X509Certificate(issued.cert);
    assert.equal(cert.subjectAltName, 'DNS:n9, DNS:host-n9, IP Address:127.0.0.1');
    assert.match(cert.subject, /CN=system:node:n9/);
    const pki = join(stateDir, PKI_SUBDIR);
    assert.deepEqual(readFileSync(join(pki, SERVING_CERT_FILE)), issued.cert);
    assert.equal(statSync(join(pki, SERVING_KEY_FILE)).mode & 0o777, 0o600);
    assert.equal(storedCertificateProblem(issued, 'n9', NAMES, ca, Date.now()), undefined);
  });

  it('a restarted agent serves the stored certificate without asking; one that no longer fits is not served', async () => {
    const client = new FakeApiClient();
    const slot = new ServingCertificateSlot(ca);
    await new ServingCertificateManager({ client: client.asClient(), nodeName: 'n9', stateDir, names: NAMES, slot, logger }).loadStored();
    assert.ok(slot.certificate);
    assert.deepEqual(client.calls, []);
    const moved = new ServingCertificateSlot(ca);
    await new ServingCertificateManager({ client: client.asClient(), nodeName: 'n9', stateDir, names: { ...NAMES, ips: ['10.0.0.9'] }, slot: moved, logger }).loadStored();
    assert.equal(moved.certificate, undefined);
  });

  it('names why a stored certificate cannot serve: another node, another CA, a foreign key, renewal due', () => {
    const pair = { cert: readFileSync(join(stateDir, PKI_SUBDIR, SERVING_CERT_FILE)), key: readFileSync(join(stateDir, PKI_SUBDIR, SERVING_KEY_FILE)) };
    assert.match(storedCertificateProblem(pair, 'n8', NAMES, ca, Date.now()) ?? '', /not for system:node:n8/);
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'other.key', '-subj', '/CN=other-ca', '-days', '1', '-out', 'other.crt');
    assert.match(storedCertificateProblem(pair, 'n9', NAMES, readFileSync(join(dir, 'other.crt')), Date.now()) ?? '', /not signed by the cluster CA/);
    assert.match(storedCertificateProblem({ ...pair, key: readFileSync(join(dir, 'other.key')) }, 'n9', NAMES, ca, Date.now()) ?? '', /key does not belong/);
    const cert = new X509Certificate(pair.cert);
    const from = Date.parse(cert.validFrom);
    assert.equal(rotationDeadlineMs(pair.cert), from + 0.8 * (Date.parse(cert.validTo) - from));
    assert.match(storedCertificateProblem(pair, 'n9', NAMES, ca, rotationDeadlineMs(pair.cert)) ?? '', /due for renewal/);
  });
});
