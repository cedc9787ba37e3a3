// e2e: a new node gets its own credentials, as kubeadm join and kubelet TLS
// bootstrapping do, on real etcd, apiserver (HTTPS) and controller-manager
// processes. `flotctl token create` makes a bootstrap token; with it (bearer,
// over HTTPS, through kubectl 1.32) a node asks for a client certificate for
// system:node:n9; csrapproving approves it and csrsigning issues a
// certificate that openssl verifies against the cluster CA. The token may do
// nothing else (403 on secrets), an expired token is refused (401) and the
// tokencleaner deletes it; `kubectl certificate approve/deny` decide requests
// the approver leaves to a person. `flotctl join` does the node's side on its
// own: it pins the CA by hash (a wrong pin is refused before the token is
// sent), gets node.crt signed, and an unknown token reads as a 401; an agent
// started with what it wrote (Docker) brings its Node to Ready over TLS gRPC.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resources } from '../api/resources.js';
import type { CertificateSigningRequest, Secret } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { isApiError } from '../api/errors.js';
import { httpsRequest } from '../testkit/https-get.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { flotctl } from '../testkit/processes/flotctl-process.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startAgent } from '../testkit/processes/agent-process.js';
import { dockerSkipReason, ensureTestImages } from '../testkit/docker/pod-helpers.js';
import type { Node } from '../api/types/index.js';

const SKIP = kubectlSkipReason();
const DOCKER_SKIP = await dockerSkipReason();
/** Registration and the first status post of a fresh agent. */
const NODE_READY_TIMEOUT_MS = 60_000;
/** Approval, signing and token cleanup are each one informer event and one write away. */
const CONVERGE_TIMEOUT_MS = 20_000;
/** A token that expires this soon after the test makes it, so the test sees it refused and cleaned. */
const SHORT_TTL_MS = 4_000;
/** A user who may write the approval subresource but approve for no signer. */
const LITE_TOKEN = 'approval-only-token';

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function csrManifest(name: string, requestPem: string, signerName: string, extraSpec = ''): string {
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: ${Buffer.from(requestPem).toString('base64')}
  signerName: ${signerName}
  expirationSeconds: 86400
  usages: ["digital signature", "client auth"]
${extraSpec}`;
}

describe('node bootstrap: tokens, CSRs, approval and signing', { skip: SKIP }, () => {
  let plane: TestControlPlane;
  let cm: ControllerManagerProcess;
  let client: ApiClient;
  let dir: string;
  let caFile: string;
  let server: string;
  let adminKubeconfig: string;
  let token: string;

  const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  /** A fresh key and PKCS#10 request for `subject`, made by openssl in the test's folder. */
  const newRequest = (name: string, subject: string): string => {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
    return readFileSync(join(dir, `${name}.csr`), 'utf8');
  };
  const asToken = (bearer: string, args: string[], stdin?: string): Promise<KubectlResult> =>
    runKubectl([`--token=${bearer}`, `--server=${server}`, `--certificate-authority=${caFile}`, ...args], { cacheDir: join(dir, 'token-cache'), ...(stdin ? { stdin } : {}) });
  const asAdmin = (args: string[], stdin?: string): Promise<KubectlResult> => runKubectl(args, { kubeconfig: adminKubeconfig, ...(stdin ? { stdin } : {}) });
  const csrNamed = (name: string) => client.get<CertificateSigningRequest>(resources.certificateSigningRequests, '', name);
  const statusOf = async (bearer: string, path: string): Promise<number> => (await httpsRequest('GET', `${server}${path}`, { ca: readFileSync(caFile), token: bearer })).status;

  before(async () => {
    // gRPC over TLS too, so an agent with the joined credentials is the node it claims to be.
    plane = await startControlPlane({ https: true, secureGrpc: true, extraArgs: ['--enable-bootstrap-token-auth'], extraTokens: [`${LITE_TOKEN},lite,lite-uid`] });
    const api = plane.apiserver;
    caFile = api.caFile!;
    adminKubeconfig = api.kubeconfigPath!;
    server = `https://127.0.0.1:${api.httpsPort}`;
    dir = mkdtempSync(join(plane.logDir, 'node-bootstrap-'));
    cm = await startControllerManager(api.address, plane.logDir, {
      extraArgs: [
        '--leader-elect=false',
        '--controllers', 'tokencleaner,csrapproving,csrsigning',
        '--cluster-signing-cert-file', caFile,
        '--cluster-signing-key-file', join(dirname(caFile), 'ca.key'),
      ],
    });
    client = api.client();
  });

  after(async () => {
    client?.close();
    await cm?.stop();
    await plane?.stop();
  });

  it('flotctl token create makes a bootstrap token and prints the join command with the CA pinned; token list shows it', async () => {
    const created = await flotctl(plane.apiserver.address, ['token', 'create', '--ttl', '1h', '--description', 'e2e join', '--print-join-command', '--ca-cert', caFile, '--server-url', server]);
    assert.equal(created.code, 0, created.stderr);
    const match = /^deploy\/join\.sh --server (\S+) --token ([a-z0-9]{6}\.[a-z0-9]{16}) --ca-cert-hash (sha256:[0-9a-f]{64})\n$/.exec(created.stdout);
    assert.ok(match, created.stdout);
    assert.equal(match[1], server);
    token = match[2];
    const spki = execFileSync('openssl', ['x509', '-in', caFile, '-pubkey', '-noout']);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: spki });
    assert.equal(match[3], `sha256:${execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' }).trim().split(' ').pop()}`);
    const listed = await flotctl(plane.apiserver.address, ['token', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS\n/);
    assert.match(listed.stdout, new RegExp(`${token.replace('.', '\\.')}\\s+(59m|1h)\\s+\\S+\\s+authentication,signing\\s+e2e join\\s+system:bootstrappers:kubeadm:default-node-token`));
  });

  it('a malformed bootstrap token Secret is refused with the field named', async () => {
    const res = await asAdmin(['create', 'secret', 'generic', 'bootstrap-token-abcdef', '-n', 'kube-system', '--type=bootstrap.kubernetes.io/token',
      '--from-literal=token-id=abcdef', '--from-literal=token-secret=short', '--from-literal=usage-bootstrap-authentication=true']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /data\[token-secret\]: Invalid value/);
  });

  it('with the token, a node asks for its client certificate; it is approved, signed and verifies against the CA', async () => {
    const pem = newRequest('n9', '/O=system:nodes/CN=system:node:n9');
    // The requestor is whoever authenticated, whatever the body claims.
    const created = await asToken(token, ['create', '-f', '-'], csrManifest('node-csr-n9', pem, 'kubernetes.io/kube-apiserver-client-kubelet', '  username: system:node:someone-else\n'));
    assert.equal(created.code, 0, created.stderr);
    const issued = await waitFor('the node CSR to be issued', async () => {
      const csr = await csrNamed('node-csr-n9');
      return csr.status?.certificate ? csr : undefined;
    }, CONVERGE_TIMEOUT_MS);
    assert.equal(issued.spec.username, `system:bootstrap:${token.split('.')[0]}`);
    assert.deepEqual(issued.spec.groups, ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated']);
    assert.deepEqual(issued.status?.conditions?.map((c) => [c.type, c.status, c.reason]), [['Approved', 'True', 'AutoApproved']]);

    writeFileSync(join(dir, 'n9.crt'), Buffer.from(issued.status!.certificate!, 'base64'));
    assert.match(openssl('verify', '-CAfile', caFile, 'n9.crt'), /n9\.crt: OK/);
    assert.match(openssl('x509', '-in', 'n9.crt', '-noout', '-subject', '-nameopt', 'RFC2253'), /subject=CN=system:node:n9,O=system:nodes/);
    assert.match(openssl('x509', '-in', 'n9.crt', '-noout', '-ext', 'extendedKeyUsage'), /TLS Web Client Authentication/);

    // The node reads its certificate back with the same token, as kubelet bootstrap does.
    const read = await asToken(token, ['get', 'csr', 'node-csr-n9', '-o', 'jsonpath={.status.certificate}']);
    assert.equal(read.code, 0, read.stderr);
    assert.equal(read.stdout, issued.status!.certificate);
    const table = await asAdmin(['get', 'csr', 'node-csr-n9']);
    assert.match(table.stdout, /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION\n/);
    assert.match(table.stdout, /node-csr-n9\s+\S+\s+kubernetes\.io\/kube-apiserver-client-kubelet\s+system:bootstrap:[a-z0-9]{6}\s+24h\s+Approved,Issued\n/);
    const described = await asAdmin(['describe', 'csr', 'node-csr-n9']);
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /Requesting User:\s+system:bootstrap:[a-z0-9]{6}/);
    assert.match(described.stdout, /Status:\s+Approved,Issued/);
    assert.match(described.stdout, /Common Name:\s+system:node:n9/);
    const explained = await asAdmin(['explain', 'csr.spec.signerName']);
    assert.equal(explained.code, 0, explained.stderr);
  });

  it('kubectl certificate approve and deny decide what the approver leaves pending', async () => {
    const approveMe = csrManifest('jane', newRequest('jane', '/O=ops/CN=jane'), 'kubernetes.io/kube-apiserver-client');
    const denyMe = csrManifest('mallory', newRequest('mallory', '/O=system:masters/CN=mallory'), 'kubernetes.io/kube-apiserver-client');
    for (const manifest of [approveMe, denyMe]) assert.equal((await asAdmin(['create', '-f', '-'], manifest)).code, 0);
    // Not node client requests: nobody approves them on their own.
    const pending = await asAdmin(['get', 'csr', 'jane', '-o', 'jsonpath={.status}']);
    assert.equal(pending.stdout, '{}');

    const approved = await asAdmin(['certificate', 'approve', 'jane']);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /certificatesigningrequest\.certificates\.k8s\.io\/jane approved/);
    const denied = await asAdmin(['certificate', 'deny', 'mallory']);
    assert.equal(denied.code, 0, denied.stderr);
    assert.match(denied.stdout, /certificatesigningrequest\.certificates\.k8s\.io\/mallory denied/);

    const jane = await waitFor('jane to be issued', async () => ((await csrNamed('jane')).status?.certificate ? csrNamed('jane') : undefined), CONVERGE_TIMEOUT_MS);
    assert.deepEqual(jane.status?.conditions?.map((c) => [c.type, c.reason]), [['Approved', 'KubectlApprove']]);
    const mallory = await csrNamed('mallory');
    assert.deepEqual(mallory.status?.conditions?.map((c) => [c.type, c.reason]), [['Denied', 'KubectlDeny']]);
    assert.equal(mallory.status?.certificate, undefined);
    // The approval subresource also takes a merge patch, as client libraries send.
    assert.equal((await asAdmin(['create', '-f', '-'], csrManifest('eve', newRequest('eve', '/CN=eve'), 'kubernetes.io/kube-apiserver-client'))).code, 0);
    const patch = JSON.stringify({ status: { conditions: [{ type: 'Denied', status: 'True', reason: 'ByPatch', message: 'no' }] } });
    const patched = await httpsRequest('PATCH', `${server}/apis/certificates.k8s.io/v1/certificatesigningrequests/eve/approval`, {
      ca: readFileSync(caFile),
      token: plane.apiserver.token,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: patch,
    });
    assert.equal(patched.status, 200, patched.body);
    assert.deepEqual((await csrNamed('eve')).status?.conditions?.map((c) => [c.type, c.reason]), [['Denied', 'ByPatch']]);
    // Once approved, a request cannot be denied too.
    const both = await asAdmin(['certificate', 'deny', 'jane']);
    assert.notEqual(both.code, 0);
    assert.match(both.stderr, /mutually exclusive|already/);
  });

  it('a bootstrap token may not read secrets (403), nor approve its own request; approving needs approve on the signer', async () => {
    assert.equal(await statusOf(token, '/api/v1/namespaces/kube-system/secrets'), 403);
    const forbidden = await asToken(token, ['get', 'secrets', '-n', 'kube-system']);
    assert.notEqual(forbidden.code, 0);
    assert.match(forbidden.stderr, /Forbidden.*system:bootstrap:[a-z0-9]{6}.*cannot list resource "secrets"/);
    // A request the approver leaves pending (not for the kubelet signer), which the token may create but not approve.
    const pending = csrManifest('n10-client', newRequest('n10', '/O=system:nodes/CN=system:node:n10'), 'kubernetes.io/kube-apiserver-client');
    assert.equal((await asToken(token, ['create', '-f', '-'], pending)).code, 0);
    const selfApprove = await asToken(token, ['certificate', 'approve', 'n10-client']);
    assert.notEqual(selfApprove.code, 0);
    assert.match(selfApprove.stderr, /cannot update resource "certificatesigningrequests\/approval"/);
    assert.equal((await csrNamed('n10-client')).status?.conditions, undefined);
    // The approval subresource alone is not enough: approving needs `approve` on the signer.
    assert.equal((await asAdmin(['create', 'clusterrole', 'csr-approval-only', '--verb=get,list,update', '--resource=certificatesigningrequests,certificatesigningrequests/approval'])).code, 0);
    assert.equal((await asAdmin(['create', 'clusterrolebinding', 'csr-approval-only', '--clusterrole=csr-approval-only', '--user=lite'])).code, 0);
    const lite = await waitFor('the lite user to be refused by the signer check', async () => {
      const res = await asToken(LITE_TOKEN, ['certificate', 'approve', 'n10-client']);
      return /not permitted to approve requests with signerName "kubernetes.io\/kube-apiserver-client"/.test(res.stderr) ? res : undefined;
    }, CONVERGE_TIMEOUT_MS);
    assert.notEqual(lite.code, 0);
    assert.equal((await csrNamed('n10-client')).status?.conditions, undefined);
  });

  it('an expired token is refused (401) and the tokencleaner deletes it', async () => {
    const id = 'exp1r3';
    const secret: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      stringData: {
        'token-id': id,
        'token-secret': '0123456789abcdef',
        expiration: rfc3339(Date.now() + SHORT_TTL_MS),
        'usage-bootstrap-authentication': 'true',
      },
    };
    await client.create(resources.secrets, secret);
    const expiring = `${id}.0123456789abcdef`;
    assert.equal(await statusOf(expiring, '/apis/certificates.k8s.io/v1/certificatesigningrequests'), 200);
    await waitFor('the token to be refused', async () => (await statusOf(expiring, '/apis/certificates.k8s.io/v1/certificatesigningrequests')) === 401, CONVERGE_TIMEOUT_MS);
    await waitFor('the tokencleaner to delete the expired token', async () => {
      try {
        await client.get(resources.secrets, 'kube-system', `bootstrap-token-${id}`);
        return false;
      } catch (err) {
        return isApiError(err, 'NotFound');
      }
    }, CONVERGE_TIMEOUT_MS);
    // The live token is untouched.
    assert.equal(await statusOf(token, '/apis/certificates.k8s.io/v1/certificatesigningrequests'), 200);
  });
  describe('flotctl join', () => {
    /** A node's flotctl knows nothing of the cluster: no config, no credentials, only the join flags. */
    const flotctlJoin = (args: string[]) => flotctl({ server: plane.apiserver.address }, ['join', '--server', server, ...args]);
    const newToken = async (): Promise<string> => {
      const res = await flotctl(plane.apiserver.address, ['token', 'create', '--ttl', '10m']);
      assert.equal(res.code, 0, res.stderr);
      return res.stdout.trim();
    };
    const pin = (): string => {
      const spki = execFileSync('openssl', ['x509', '-in', caFile, '-pubkey', '-noout']);
      const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: spki });
      return `sha256:${execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' }).trim().split(' ').pop()}`;
    };
    const requestsBy = async (bootstrapToken: string) => {
      const list = await client.list<CertificateSigningRequest>(resources.certificateSigningRequests);
      return list.items.filter((c) => c.spec.username === `system:bootstrap:${bootstrapToken.split('.')[0]}`);
    };

    it('with a fresh token, the node gets node.crt for system:node:<name> signed by the CA, and it authenticates', async () => {
      const fresh = await newToken();
      const out = join(dir, 'joined-1');
      const res = await flotctlJoin(['--token', fresh, '--ca-cert-hash', pin(), '--node-name', 'joined-1', '--out', out]);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /\[discovery\] https:\/\/127\.0\.0\.1:\d+ presented the CA matching sha256:[0-9a-f]{64}/);
      assert.match(res.stdout, /\[csr\] node-csr-[0-9a-f]{12} issued/);
      assert.ok(res.stdout.includes(`wrote ${out}/node.key (mode 600)`), res.stdout);
      assert.ok(res.stdout.includes(`node dist/agent/main.js --apiserver 127.0.0.1:7443 --node-name joined-1 --certificate-authority ${out}/ca.crt --client-certificate ${out}/node.crt --client-key ${out}/node.key`), res.stdout);
      assert.equal(readFileSync(join(out, 'ca.crt'), 'utf8'), readFileSync(caFile, 'utf8'));
      assert.equal(statSync(join(out, 'node.key')).mode & 0o777, 0o600);
      assert.match(openssl('verify', '-CAfile', caFile, join(out, 'node.crt')), /node\.crt: OK/);
      assert.match(openssl('x509', '-in', join(out, 'node.crt'), '-noout', '-subject', '-nameopt', 'RFC2253'), /subject=CN=system:node:joined-1,O=system:nodes/);
      const [csr] = await requestsBy(fresh);
      assert.deepEqual(csr.status?.conditions?.map((c) => [c.type, c.reason]), [['Approved', 'AutoApproved']]);
      // The new credentials are the node's: it may read its own Node (none yet: 404), not list Secrets (403).
      const asNode = { ca: readFileSync(caFile), cert: readFileSync(join(out, 'node.crt')), key: readFileSync(join(out, 'node.key')) };
      assert.equal((await httpsRequest('GET', `${server}/api/v1/nodes/joined-1`, asNode)).status, 404);
      assert.equal((await httpsRequest('GET', `${server}/api/v1/secrets`, asNode)).status, 403);
    });

    it('an agent started with the joined credentials registers its Node and it becomes Ready', { skip: DOCKER_SKIP }, async () => {
      await ensureTestImages();
      // What the first join wrote.
      const out = join(dir, 'joined-1');
      const files = { certificateAuthority: join(out, 'ca.crt'), clientCertificate: join(out, 'node.crt'), clientKey: join(out, 'node.key') };
      const agent = await startAgent(plane.apiserver.address, { nodeName: 'joined-1', logDir: plane.logDir, credentials: files });
      try {
        const asNode = { ca: readFileSync(caFile), cert: readFileSync(files.clientCertificate), key: readFileSync(files.clientKey) };
        const node = await waitFor('node joined-1 to be Ready', async () => {
          const res = await httpsRequest('GET', `${server}/api/v1/nodes/joined-1`, asNode);
          if (res.status !== 200) return undefined;
          const found = JSON.parse(res.body) as Node;
          return found.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? found : undefined;
        }, NODE_READY_TIMEOUT_MS);
        assert.equal(node.metadata.name, 'joined-1');
      } finally {
        await agent.stop();
      }
    });

    it('a wrong --ca-cert-hash is refused before the token is sent: no request is made with it', async () => {
      const fresh = await newToken();
      const wrong = `sha256:${'0'.repeat(64)}`;
      const res = await flotctlJoin(['--token', fresh, '--ca-cert-hash', wrong, '--node-name', 'joined-2', '--out', join(dir, 'joined-2')]);
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, new RegExp(`no certificate the server presented matches --ca-cert-hash ${wrong}`));
      assert.deepEqual(await requestsBy(fresh), []);
      assert.throws(() => statSync(join(dir, 'joined-2', 'node.key')), /ENOENT/);
    });

    it('an unknown token gets the 401 message and nothing is written', async () => {
      const res = await flotctlJoin(['--token', 'zzzzzz.0123456789abcdef', '--ca-cert-hash', pin(), '--node-name', 'joined-3', '--out', join(dir, 'joined-3')]);
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /refused the bootstrap token zzzzzz \(401 Unauthorized\) when asked to create the CertificateSigningRequest node-csr-[0-9a-f]{12}: it is unknown or expired/);
      assert.throws(() => statSync(join(dir, 'joined-3', 'node.key')), /ENOENT/);
    });
  });
});
