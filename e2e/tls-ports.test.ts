// e2e: the ports every component serves besides the apiserver's API, with the
// TLS flags deploy/up.sh passes and the credentials deploy/pki.sh issues. The
// agent's streaming port lets only the apiserver's kubelet-client certificate
// in (the apiserver relays exec through it, and reads resource usage); every
// health port keeps /healthz open and wants a client certificate for /metrics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resources } from '../api/resources.js';
import type { ApiClient } from '../client/api-client.js';
import { AgentStreamingClient } from '../client/agent-streaming-client.js';
import type { ApiCredentials } from '../client/api-credentials.js';
import { ApiError } from '../api/errors.js';
import { createPki } from '../testkit/credentials.js';
import { nodeCredentialFiles, type ClientIdentity } from '../testkit/client-credentials.js';
import { healthPortGet, type HealthPortTls } from '../testkit/health-probe.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { startDnsProcess, type DnsProcess } from '../testkit/processes/dns-process.js';
import { startSchedulerProcess, type SchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';

const DOCKER_SKIP = await dockerSkipReason();
const NODE = `tls-node-${Math.random().toString(36).slice(2, 8)}`;
const POD = 'tls-target';
/** Bounds one call to the agent that must fail fast (a refused handshake). */
const CALL_DEADLINE_MS = 5_000;
/** The agent samples every second here, so the apiserver has usage to relay within a few. */
const METRICS_WAIT_MS = 30_000;
const CLUSTER_DNS_IP = '10.96.0.10';

interface Pem {
  cert: Buffer;
  key: Buffer;
}

async function pem(dir: string, name: string): Promise<Pem> {
  return { cert: await readFile(join(dir, `${name}.crt`)), key: await readFile(join(dir, `${name}.key`)) };
}

/** The serving certificate `name` (a path under pkiDir, without .crt) and the cluster CA as the client CA. */
function servingFlags(pkiDir: string, name: string): string[] {
  return ['--tls-cert-file', join(pkiDir, `${name}.crt`), '--tls-private-key-file', join(pkiDir, `${name}.key`), '--client-ca-file', join(pkiDir, 'ca.crt')];
}

async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const err = await call.then(
    () => assert.fail('the call was let in'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError, String(err));
  return err;
}

describe('TLS and client certificates on the agent streaming port and every health port', { skip: DOCKER_SKIP }, () => {
  const pkiDir = mkdtempSync(join(tmpdir(), 'flotilla-tls-ports-'));
  const otherPkiDir = mkdtempSync(join(tmpdir(), 'flotilla-tls-other-'));
  let ca: Buffer;
  let kubeletClient: Pem;
  let nodeCert: Pem;
  let admin: Pem;
  let stranger: Pem;
  let cp: TestControlPlane;
  let client: ApiClient;
  let agent: TestAgent;
  let scheduler: SchedulerProcess;
  let cm: ControllerManagerProcess;
  let dns: DnsProcess;
  const agentClients: AgentStreamingClient[] = [];

  /** The cluster CA and, with `pem`, a client certificate: what a caller of the agent's streaming port presents. */
  const credentials = (pem?: Pem): ApiCredentials => ({ certificateAuthority: ca, ...(pem ? { clientCertificate: pem.cert, clientKey: pem.key } : {}) });
  const agentClient = (tls?: ApiCredentials): AgentStreamingClient => {
    const c = new AgentStreamingClient(`127.0.0.1:${agent.streamingPort}`, tls);
    agentClients.push(c);
    return c;
  };
  const execIn = (c: AgentStreamingClient, script: string) => c.exec({ namespace: 'default', name: POD, container: 'app', command: ['sh', '-c', script] });

  before(async () => {
    await ensureTestImages();
    await createPki(pkiDir);
    const nodeFiles = await nodeCredentialFiles(pkiDir, NODE);
    await createPki(otherPkiDir);
    ca = await readFile(join(pkiDir, 'ca.crt'));
    kubeletClient = await pem(pkiDir, 'apiserver-kubelet-client');
    nodeCert = await pem(join(pkiDir, 'nodes'), NODE);
    admin = await pem(pkiDir, 'admin');
    stranger = await pem(otherPkiDir, 'apiserver-kubelet-client');
    const kubeletFlags = [
      '--kubelet-client-certificate', join(pkiDir, 'apiserver-kubelet-client.crt'),
      '--kubelet-client-key', join(pkiDir, 'apiserver-kubelet-client.key'),
      '--kubelet-certificate-authority', join(pkiDir, 'ca.crt'),
    ];
    // secureGrpc: --client-ca-file, so every component calls the gRPC port under its own certificate.
    cp = await startControlPlane({ secureGrpc: true, pkiDir, extraArgs: kubeletFlags });
    client = cp.apiserver.client();
    const address = cp.apiserver.address;
    const healthTls: HealthPortTls = { ca };
    const component = (stem: ClientIdentity) => ['--leader-elect=false', ...cp.apiserver.componentArgs(stem), ...servingFlags(pkiDir, stem)];
    scheduler = await startSchedulerProcess(address, cp.logDir, { extraArgs: component('scheduler'), tls: { ca, ...admin } });
    cm = await startControllerManager(address, cp.logDir, { extraArgs: component('controller-manager'), tls: healthTls });
    dns = await startDnsProcess(address, cp.logDir, {
      clusterDnsIP: CLUSTER_DNS_IP,
      // As the admin towards the apiserver: system:kube-dns may not create its own Service, which this dns publishes.
      extraArgs: [...cp.apiserver.componentArgs('admin'), ...servingFlags(pkiDir, 'dns')],
      tls: healthTls,
    });
    agent = await startAgent(address, {
      nodeName: NODE,
      logDir: cp.logDir,
      credentials: nodeFiles,
      extraArgs: [...servingFlags(pkiDir, `nodes/${NODE}`), '--metrics-interval', '1'],
      tls: { certificateAuthority: ca, clientCertificate: kubeletClient.cert, clientKey: kubeletClient.key },
    });
    await client.create(resources.pods, podManifest(POD, NODE, { containers: [busybox('app', 'sleep 3600')] }));
    await waitForPod(client, POD, 'Ready', isReady);
  });

  after(async () => {
    for (const c of agentClients) c.close();
    await agent?.stop();
    await dns?.stop();
    await cm?.stop();
    await scheduler?.stop();
    client?.close();
    await cp?.stop();
    rmSync(pkiDir, { recursive: true, force: true });
    rmSync(otherPkiDir, { recursive: true, force: true });
  });

  it('the streaming port refuses plaintext, no certificate and a certificate of another CA at the handshake', async () => {
    for (const [what, tls] of [
      ['plaintext', undefined],
      ['no client certificate', credentials()],
      ['a certificate of another CA', credentials(stranger)],
    ] as const) {
      const err = await refusal(agentClient(tls).summary(CALL_DEADLINE_MS));
      assert.equal(err.reason, 'ServiceUnavailable', `${what}: ${err.message}`);
      assert.match(err.message, /the server is not reachable/, what);
    }
  });

  it('the node\'s own certificate is Forbidden and its exec never reaches the pod; the apiserver\'s certificate is let in', async () => {
    const err = await refusal(execIn(agentClient(credentials(nodeCert)), 'touch /tmp/reached'));
    assert.equal(err.reason, 'Forbidden');
    assert.match(err.message, new RegExp(`user=system:node:${NODE}, groups=\\[system:nodes\\].*only kube-apiserver-kubelet-client may call`));
    const admitted = agentClient(credentials(kubeletClient));
    const probe = await execIn(admitted, 'test -e /tmp/reached; echo $?');
    assert.deepEqual([probe.stdout, probe.exitCode], ['1\n', 0], 'the refused exec left no trace in the pod');
  });

  it('the apiserver relays exec and reads resource usage over TLS with its kubelet-client certificate', async () => {
    const stdout: Buffer[] = [];
    const session = client.podExec('default', POD, { command: ['echo', 'over-tls'], container: 'app' }, { stdout: (c) => stdout.push(c), stderr: () => undefined });
    session.closeStdin();
    assert.equal(await session.done, 0);
    assert.equal(Buffer.concat(stdout).toString(), 'over-tls\n');
    const metrics = await waitFor('pod metrics through the apiserver', async () => (await client.listPodMetrics('default')).items.find((m) => m.metadata.name === POD), METRICS_WAIT_MS, 500);
    assert.equal(metrics.containers[0]?.name, 'app');
  });

  it('every health port serves /healthz to anyone over TLS, and /metrics only with a client certificate of the cluster CA', async () => {
    const ports: [string, number, Pem][] = [
      ['apiserver', cp.apiserver.healthPort, admin],
      ['scheduler', scheduler.healthPort, admin],
      ['controller-manager', cm.healthPort, admin],
      ['dns', dns.healthPort, admin],
      ['agent', agent.healthPort, kubeletClient],
    ];
    for (const [name, port, reader] of ports) {
      for (const path of ['/healthz', '/livez', '/readyz']) assert.equal((await healthPortGet(port, path, { ca })).status, 200, `${name} ${path}`);
      await assert.rejects(healthPortGet(port, '/healthz'), `${name} answers plain HTTP`);
      const anonymous = await healthPortGet(port, '/metrics', { ca });
      assert.equal(anonymous.status, 401, `${name} /metrics without a certificate`);
      assert.match(JSON.parse(anonymous.body).message, /needs a client certificate signed by the client CA .*no client certificate was presented/, name);
      const foreign = await healthPortGet(port, '/metrics', { ca, ...stranger });
      assert.equal(foreign.status, 401, `${name} /metrics with another CA's certificate`);
      assert.match(JSON.parse(foreign.body).message, /not signed by the client CA/, name);
      const served = await healthPortGet(port, '/metrics', { ca, ...reader });
      assert.equal(served.status, 200, `${name} /metrics: ${served.body}`);
      assert.match(served.body, /^# HELP /m);
    }
  });

  it('the agent\'s health port keeps /metrics and /stats/summary to the users its streaming port allows', async () => {
    for (const path of ['/metrics', '/stats/summary']) {
      const asAdmin = await healthPortGet(agent.healthPort, path, { ca, ...admin });
      assert.equal(asAdmin.status, 403, `${path} as the admin`);
      assert.match(JSON.parse(asAdmin.body).message, /user=kubernetes-admin, groups=\[system:masters\]/);
    }
    const summary = await healthPortGet(agent.healthPort, '/stats/summary', { ca, ...kubeletClient });
    assert.equal(summary.status, 200, summary.body);
    assert.equal(JSON.parse(summary.body).node.nodeName, NODE);
  });
});
