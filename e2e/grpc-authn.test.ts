// Authentication and authorization on the apiserver's gRPC port (TLS with the
// serving certificate, client certificates from --client-ca-file, bearer
// tokens) and client certificates on its HTTPS port, against a real etcd and
// apiserver process. Needs no Docker.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:https';
import { join } from 'node:path';
import { isApiError, type ApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import { ApiClient } from '../client/api-client.js';
import type { ApiCredentials } from '../client/api-credentials.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { issueCert, makeCa } from '../testkit/test-certificates.js';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';

const NAMESPACE = 'grpc-authn';
const JANE_TOKEN = 'jane-token-0123456789';
const PODS_PATH = `/api/v1/namespaces/${NAMESPACE}/pods`;
const AUDIT_DIR = mkdtempSync(join(tmpdir(), 'flotilla-grpc-authn-audit-'));
const AUDIT_LOG = join(AUDIT_DIR, 'audit.log');
/** The audit log is written through a buffered stream: how long a record may take to reach the file. */
const AUDIT_FLUSH_WAIT_MS = 5_000;

interface AuditLine {
  verb: string;
  user: { username: string; groups: string[] };
  objectRef?: { resource?: string; name?: string };
  responseStatus?: { code?: number };
}

async function auditLines(match: (line: AuditLine) => boolean): Promise<AuditLine[]> {
  const deadline = Date.now() + AUDIT_FLUSH_WAIT_MS;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(AUDIT_LOG, 'utf8');
    } catch {
      // not written yet
    }
    const found = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditLine).filter(match);
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (err) {
    if (isApiError(err)) return err;
    throw err;
  }
  assert.fail('the call was not refused');
}

/** One HTTPS GET with a client certificate and no token: what curl --cert --key does. */
function httpsWithCert(url: string, ca: Buffer, cert: Buffer, key: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, cert, key, headers: { accept: 'application/json' }, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('authentication on the apiserver gRPC and HTTPS ports', () => {
  const cp = useControlPlane(
    { secureGrpc: true, extraTokens: [`${JANE_TOKEN},jane,jane-uid,"developers"`], extraArgs: ['--audit-log-path', AUDIT_LOG, '--audit-policy-level', 'Metadata'] },
    { setUp: async (h) => void (await h.client.create(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } })) },
  );
  const opened: ApiClient[] = [];
  after(() => {
    opened.forEach((c) => c.close());
    rmSync(AUDIT_DIR, { recursive: true, force: true });
  });
  const pki = (file: string): Buffer => readFileSync(join(cp.plane.apiserver.pkiDir as string, file));
  const client = (credentials: ApiCredentials): ApiClient => {
    const c = new ApiClient(cp.address, 'grpc-authn-test', credentials);
    opened.push(c);
    return c;
  };
  const ca = (): Buffer => pki('ca.crt');
  const as = (stem: string): ApiClient => client({ certificateAuthority: ca(), clientCertificate: pki(`${stem}.crt`), clientKey: pki(`${stem}.key`) });

  it('a plaintext client does not get through, and a TLS client without credentials is Unauthorized on unary and streaming calls', async () => {
    const plain = client({});
    const err = await refusal(plain.list(resources.pods, { namespace: NAMESPACE }));
    assert.equal(err.reason, 'ServiceUnavailable', err.message);
    const anonymous = client({ certificateAuthority: ca() });
    const unauthorized = await refusal(anonymous.list(resources.pods, { namespace: NAMESPACE }));
    assert.equal(unauthorized.reason, 'Unauthorized');
    assert.equal(unauthorized.message, 'Unauthorized');
    const watch = anonymous.watch(resources.pods, { namespace: NAMESPACE });
    assert.equal((await refusal((async () => { for await (const _ of watch) break; })())).reason, 'Unauthorized');
  });

  it('a client certificate from another CA is refused, even with system:masters in it', async () => {
    const dir = mkdtempSync(join(cp.plane.logDir, 'other-ca-'));
    const otherCa = await makeCa(dir, 'other-ca');
    const forged = await issueCert(dir, otherCa, 'forged', { subject: { o: ['system:masters'], cn: 'kubernetes-admin' } });
    const c = client({ certificateAuthority: ca(), clientCertificate: readFileSync(forged.cert), clientKey: readFileSync(forged.key) });
    const err = await refusal(c.list(resources.namespaces));
    assert.ok(err.reason === 'Unauthorized' || err.reason === 'ServiceUnavailable', `${err.reason}: ${err.message}`);
  });

  it('the admin certificate may do anything', async () => {
    const admin = as('admin');
    const created = await admin.create(resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-admin', namespace: NAMESPACE }, data: { a: '1' } });
    assert.equal(created.metadata.name, 'by-admin');
    const list = await admin.list(resources.configMaps, { namespace: NAMESPACE });
    assert.ok(list.items.some((c) => c.metadata.name === 'by-admin'));
  });

  it('the scheduler certificate lists pods but may not delete a namespace, exec or read logs, in the HTTPS API\'s words', async () => {
    const scheduler = as('scheduler');
    const pods = await scheduler.list(resources.pods, { namespace: NAMESPACE });
    assert.deepEqual(pods.items, []);
    const del = await refusal(scheduler.delete(resources.namespaces, '', NAMESPACE));
    assert.equal(del.reason, 'Forbidden');
    assert.equal(del.message, `namespaces "${NAMESPACE}" is forbidden: User "system:kube-scheduler" cannot delete resource "namespaces" in API group "" at the cluster scope`);
    const exec = scheduler.podExec(NAMESPACE, 'web', { command: ['true'] }, { stdout: () => undefined, stderr: () => undefined });
    const execErr = await refusal(exec.done);
    assert.equal(execErr.reason, 'Forbidden');
    assert.match(execErr.message, /cannot create resource "pods\/exec" in API group "" in the namespace "grpc-authn"/);
    const logs = scheduler.podLogs(NAMESPACE, 'web');
    const logErr = await refusal((async () => { for await (const _ of logs) break; })());
    assert.match(logErr.message, /cannot get resource "pods\/log"/);
    // The admin passes the gate and reaches the handler, which then finds no such pod: the first exec message got through intact.
    const adminExec = as('admin').podExec(NAMESPACE, 'web', { command: ['true'] }, { stdout: () => undefined, stderr: () => undefined });
    assert.equal((await refusal(adminExec.done)).reason, 'NotFound');
  });

  it('bearer tokens of the token file authenticate over TLS; a user without roles is Forbidden', async () => {
    const admin = client({ certificateAuthority: ca(), token: cp.plane.apiserver.token });
    assert.ok((await admin.list(resources.namespaces)).items.some((n) => n.metadata.name === NAMESPACE));
    const jane = client({ certificateAuthority: ca(), token: JANE_TOKEN });
    const err = await refusal(jane.list(resources.secrets, { namespace: NAMESPACE }));
    assert.equal(err.reason, 'Forbidden');
    assert.match(err.message, /User "jane" cannot list resource "secrets"/);
    const wrong = client({ certificateAuthority: ca(), token: 'not-a-token-of-this-cluster' });
    assert.equal((await refusal(wrong.list(resources.pods))).reason, 'Unauthorized');
  });

  it('the audit log names the authenticated caller of a gRPC write, and records a refused one', async () => {
    const written = await auditLines((l) => l.verb === 'create' && l.objectRef?.name === 'by-admin');
    assert.equal(written[0]?.user.username, 'kubernetes-admin', JSON.stringify(written));
    assert.ok(written[0]?.user.groups.includes('system:masters'));
    const refused = await auditLines((l) => l.verb === 'delete' && l.objectRef?.resource === 'namespaces');
    assert.equal(refused[0]?.user.username, 'system:kube-scheduler', JSON.stringify(refused));
    assert.equal(refused[0]?.responseStatus?.code, 403);
  });

  it('the HTTPS port accepts the admin certificate from kubectl and a plain HTTPS client; another CA\'s certificate gets 401', async (t) => {
    const api = cp.plane.apiserver;
    const url = `https://127.0.0.1:${api.httpsPort}${PODS_PATH}`;
    const direct = await httpsWithCert(url, ca(), pki('admin.crt'), pki('admin.key'));
    assert.equal(direct.status, 200, direct.body);
    const scheduler = await httpsWithCert(`https://127.0.0.1:${api.httpsPort}/api/v1/secrets`, ca(), pki('scheduler.crt'), pki('scheduler.key'));
    assert.equal(scheduler.status, 403, scheduler.body);
    const dir = mkdtempSync(join(cp.plane.logDir, 'https-other-ca-'));
    const forged = await issueCert(dir, await makeCa(dir, 'other'), 'forged', { subject: { o: ['system:masters'], cn: 'kubernetes-admin' } });
    const refused = await httpsWithCert(url, ca(), readFileSync(forged.cert), readFileSync(forged.key));
    assert.equal(refused.status, 401, refused.body);
    const skip = kubectlSkipReason();
    if (skip) return t.skip(skip);
    const res = await runKubectl(
      ['--server', `https://127.0.0.1:${api.httpsPort}`, '--certificate-authority', join(api.pkiDir as string, 'ca.crt'),
        '--client-certificate', join(api.pkiDir as string, 'admin.crt'), '--client-key', join(api.pkiDir as string, 'admin.key'),
        'get', 'configmaps', '-n', NAMESPACE, '-o', 'name'],
      { cacheDir: join(dir, 'kubectl-cache') },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /configmap\/by-admin/);
  });
});
