import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCert, makeCa } from '../../testkit/test-certificates.js';
import { nodeCsrObject } from './node-request.js';
import { createRequest, waitForCertificate, type CertificateRequestTarget } from './request-certificate.js';

/** Long enough for two reads of a pending request, short enough for a unit test. */
const SHORT_WAIT_MS = 800;

describe('join: asking for the certificate', () => {
  let dir: string;
  let server: Server;
  let target: CertificateRequestTarget;
  /** What the fake apiserver answers, by method. */
  const answers: Record<string, { status: number; body: unknown }> = {};
  const seen: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'join-csr-'));
    const ca = await makeCa(dir, 'ca');
    const leaf = await issueCert(dir, ca, 'apiserver', { subject: { cn: 'kube-apiserver' }, usage: 'server', ips: ['127.0.0.1'] });
    server = createServer({ cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) }, (req, res) => {
      seen.push(`${req.method} ${req.headers.authorization ?? ''}`);
      req.resume();
      req.on('end', () => {
        const answer = answers[req.method ?? ''] ?? { status: 500, body: {} };
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem: readFileSync(ca.cert, 'utf8'), token: 'abcdef.0123456789abcdef' };
  });

  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const csr = nodeCsrObject('node-csr-test', '');

  it('sends the token as a bearer and reads 401 as an unknown or expired token', async () => {
    answers.POST = { status: 401, body: { kind: 'Status', message: 'Unauthorized' } };
    await assert.rejects(createRequest(target, csr), /refused the bootstrap token abcdef \(401 Unauthorized\) when asked to create the CertificateSigningRequest node-csr-test: it is unknown or expired/);
    assert.equal(seen.at(-1), 'POST Bearer abcdef.0123456789abcdef');
  });

  it('reads 403 with the server\'s message', async () => {
    answers.POST = { status: 403, body: { kind: 'Status', message: 'certificatesigningrequests is forbidden' } };
    await assert.rejects(createRequest(target, csr), /the bootstrap token abcdef may not create the CertificateSigningRequest node-csr-test \(403 Forbidden: certificatesigningrequests is forbidden\)/);
  });

  it('a request that stays pending times out, naming it for kubectl certificate approve', async () => {
    answers.GET = { status: 200, body: { ...csr, status: {} } };
    await assert.rejects(waitForCertificate(target, 'node-csr-test', SHORT_WAIT_MS), /node-csr-test was not issued within 0\.8s.*kubectl certificate approve node-csr-test/);
  });

  it('a denied request says so with its reason', async () => {
    answers.GET = { status: 200, body: { ...csr, status: { conditions: [{ type: 'Denied', status: 'True', message: 'not a node of ours' }] } } };
    await assert.rejects(waitForCertificate(target, 'node-csr-test', SHORT_WAIT_MS), /node-csr-test was denied: not a node of ours/);
  });
});
