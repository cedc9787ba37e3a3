// e2e: a joined node serves its streaming and health ports with a certificate
// the cluster issued, as the kubelet's serverTLSBootstrap does. The node
// joins with `flotctl join` (bootstrap token, client certificate); its agent
// runs with --rotate-server-certificates and no serving certificate of its
// own; the controller-manager with --approve-kubelet-serving approves the
// node's kubelet-serving CSR (its names are the node's own) and signs it.
// The apiserver, started with --kubelet-client-certificate and
// --kubelet-certificate-authority, then reaches the node: kubectl logs and
// exec work, also after the agent restarts on the certificate it stored. A
// serving request naming an address the node does not report is left pending
// for a person.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resources } from '../api/resources.js';
import type { CertificateSigningRequest, Node } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { AgentStreamingClient } from '../client/agent-streaming-client.js';
import { createPki } from '../testkit/credentials.js';
import { httpsRequest } from '../testkit/https-get.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { flotctl } from '../testkit/processes/flotctl-process.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';

const SKIP = kubectlSkipReason() || (await dockerSkipReason());
const NODE = `serving-${Math.random().toString(36).slice(2, 8)}`;
const POD = 'served';
const SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
/** Approval and signing are each one informer event and one write away. */
const CONVERGE_TIMEOUT_MS = 20_000;
/** Bounds one call that must fail fast (a refused handshake). */
const CALL_DEADLINE_MS = 5_000;

describe('serving certificates of joined nodes (kubelet-serving CSRs)', { skip: SKIP }, () => {
  const pkiDir = mkdtempSync(join(tmpdir(), 'flotilla-serving-pki-'));
  let plane: TestControlPlane;
  let cm: ControllerManagerProcess;
  let client: ApiClient;
  let agent: TestAgent;
  let caFile: string;
  let server: string;
  let joined: { ca: Buffer; cert: Buffer; key: Buffer };
  const kubectl = (args: string[], stdin?: string): Promise<KubectlResult> => runKubectl(args, { kubeconfig: plane.apiserver.kubeconfigPath!, ...(stdin ? { stdin } : {}) });
  const servingRequests = async (): Promise<CertificateSigningRequest[]> =>
    (await client.list<CertificateSigningRequest>(resources.certificateSigningRequests)).items.filter((c) => c.spec.signerName === SERVING_SIGNER);
  const csrNamed = (name: string) => client.get<CertificateSigningRequest>(resources.certificateSigningRequests, '', name);
  /** A serving request for this node naming `altNames`, created with the node's own credentials. */
  const requestAsNode = async (name: string, altNames: string): Promise<void> => {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pkiDir, encoding: 'utf8', stdio: 'pipe' });
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    openssl('req', '-new', '-key', `${name}.key`, '-subj', `/O=system:nodes/CN=system:node:${NODE}`, '-addext', `subjectAltName=${altNames}`, '-out', `${name}.csr`);
    const body = JSON.stringify({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request: readFileSync(join(pkiDir, `${name}.csr`)).toString('base64'), signerName: SERVING_SIGNER, usages: ['digital signature', 'server auth'] },
    });
    const res = await httpsRequest('POST', `${server}/apis/certificates.k8s.io/v1/certificatesigningrequests`, { ...joined, headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 201, res.body);
  };

  before(async () => {
    await ensureTestImages();
    await createPki(pkiDir);
    caFile = join(pkiDir, 'ca.crt');
    plane = await startControlPlane({
      secureGrpc: true,
      pkiDir,
      extraArgs: [
        '--enable-bootstrap-token-auth',
        '--kubelet-client-certificate', join(pkiDir, 'apiserver-kubelet-client.crt'),
        '--kubelet-client-key', join(pkiDir, 'apiserver-kubelet-client.key'),
        '--kubelet-certificate-authority', caFile,
      ],
    });
    server = `https://127.0.0.1:${plane.apiserver.httpsPort}`;
    client = plane.apiserver.client();
    cm = await startControllerManager(plane.apiserver.address, plane.logDir, {
      extraArgs: ['--leader-elect=false', '--controllers', 'csrapproving,csrsigning', '--approve-kubelet-serving',
        '--cluster-signing-cert-file', caFile, '--cluster-signing-key-file', join(pkiDir, 'ca.key')],
    });
    // The node's side: a bootstrap token, flotctl join, then the agent with what join wrote.
    const token = await flotctl(plane.apiserver.address, ['token', 'create', '--ttl', '10m']);
    assert.equal(token.code, 0, token.stderr);
    const out = join(pkiDir, 'joined');
    const pin = execFileSync('sh', ['-c', `openssl x509 -in ${caFile} -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex`], { encoding: 'utf8' }).trim().split(' ').pop();
    const join_ = await flotctl({ server: plane.apiserver.address }, ['join', '--server', server, '--token', token.stdout.trim(), '--ca-cert-hash', `sha256:${pin}`, '--node-name', NODE, '--out', out]);
    assert.equal(join_.code, 0, join_.stderr);
    const files = { certificateAuthority: join(out, 'ca.crt'), clientCertificate: join(out, 'node.crt'), clientKey: join(out, 'node.key') };
    joined = { ca: readFileSync(caFile), cert: readFileSync(files.clientCertificate), key: readFileSync(files.clientKey) };
    // startAgent waits for /healthz over TLS trusting the cluster CA: it answers once the issued certificate serves.
    agent = await startAgent(plane.apiserver.address, {
      nodeName: NODE,
      logDir: plane.logDir,
      credentials: files,
      extraArgs: ['--rotate-server-certificates'],
      tls: { certificateAuthority: joined.ca },
    });
  });

  after(async () => {
    await agent?.stop();
    client?.close();
    await cm?.stop();
    await plane?.stop();
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('the node asked for its own names and addresses; the approver approved it, the signer issued it, and the agent keeps it in its state dir', async () => {
    const [csr] = await servingRequests();
    assert.ok(csr, 'a kubelet-serving CSR');
    assert.equal(csr.spec.username, `system:node:${NODE}`);
    assert.deepEqual(csr.status?.conditions?.map((c) => [c.type, c.reason]), [['Approved', 'AutoApproved']]);
    const stored = join(agent.stateDir, 'pki', 'kubelet-server.crt');
    assert.equal(readFileSync(stored, 'utf8'), Buffer.from(csr.status!.certificate!, 'base64').toString());
    assert.match(execFileSync('openssl', ['verify', '-CAfile', caFile, stored], { encoding: 'utf8' }), /OK/);
    const text = execFileSync('openssl', ['x509', '-in', stored, '-noout', '-subject', '-ext', 'subjectAltName,extendedKeyUsage', '-nameopt', 'RFC2253'], { encoding: 'utf8' });
    assert.match(text, new RegExp(`subject=CN=system:node:${NODE},O=system:nodes`));
    assert.match(text, new RegExp(`DNS:${NODE}`));
    assert.match(text, /IP Address:127\.0\.0\.1/);
    assert.match(text, /TLS Web Server Authentication/);
    const node = await client.get<Node>(resources.nodes, '', NODE);
    assert.ok(node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), 'the Node is Ready');
  });

  it('the streaming port speaks only TLS: a plaintext caller is refused', async () => {
    const plain = new AgentStreamingClient(`127.0.0.1:${agent.streamingPort}`);
    try {
      await assert.rejects(plain.summary(CALL_DEADLINE_MS));
    } finally {
      plain.close();
    }
  });

  it('kubectl logs and exec reach a pod on the joined node through the apiserver\'s kubelet-client TLS', async () => {
    await client.create(resources.pods, podManifest(POD, NODE, { containers: [busybox('app', 'echo served-over-tls; sleep 3600')] }));
    await waitForPod(client, POD, 'Ready', isReady);
    const logs = await waitFor('the pod\'s log line', async () => {
      const res = await kubectl(['logs', POD]);
      return res.code === 0 && res.stdout.includes('served-over-tls') ? res : undefined;
    }, CONVERGE_TIMEOUT_MS);
    assert.equal(logs.stdout, 'served-over-tls\n');
    const exec = await kubectl(['exec', POD, '--', 'sh', '-c', 'echo exec-on-$(hostname)']);
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout, `exec-on-${POD}\n`);
  });

  it('a restarted agent serves the certificate it stored, without asking again', async () => {
    const own = async () => (await servingRequests()).filter((c) => c.spec.username === `system:node:${NODE}`).map((c) => c.metadata.name);
    const before = await own();
    await agent.stopProcess();
    // restart() waits for /healthz over TLS: the stored certificate serves from the start.
    await agent.restart();
    assert.deepEqual(await own(), before);
    const exec = await kubectl(['exec', POD, '--', 'echo', 'after-restart']);
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout, 'after-restart\n');
  });

  it('a serving request naming an address the node does not report is left pending; kubectl certificate approve decides it', async () => {
    // Created first, so the approver's one worker has judged it by the time it approves the second.
    await requestAsNode('foreign-address', `DNS:${NODE},IP:10.96.0.1`);
    await requestAsNode('own-address', `DNS:${NODE},IP:127.0.0.1`);
    await waitFor('the request for the node\'s own address to be issued', async () => ((await csrNamed('own-address')).status?.certificate ? true : undefined), CONVERGE_TIMEOUT_MS);
    const foreign = await csrNamed('foreign-address');
    assert.equal(foreign.status?.conditions, undefined);
    const listed = await kubectl(['get', 'csr', 'foreign-address']);
    assert.match(listed.stdout, new RegExp(`foreign-address\\s+\\S+\\s+kubernetes\\.io/kubelet-serving\\s+system:node:${NODE}\\s+<none>\\s+Pending`));
    const approved = await kubectl(['certificate', 'approve', 'foreign-address']);
    assert.equal(approved.code, 0, approved.stderr);
    const issued = await waitFor('the approved request to be issued', async () => {
      const csr = await csrNamed('foreign-address');
      return csr.status?.certificate ? csr : undefined;
    }, CONVERGE_TIMEOUT_MS);
    assert.deepEqual(issued.status?.conditions?.map((c) => [c.type, c.reason]), [['Approved', 'KubectlApprove']]);
  });
});
