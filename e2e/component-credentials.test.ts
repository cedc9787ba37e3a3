// Every client of the apiserver presents its own identity, with the flags and
// files deploy/up.sh hands it: the real scheduler, controller-manager, dns,
// agent and flotctl against a TLS stand-in for the apiserver's gRPC port that
// demands a client certificate of the cluster CA and records each caller's CN.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createPki, type TestPki } from '../testkit/credentials.js';
import { clientCredentialFiles, credentialArgs, nodeCredentialFiles } from '../testkit/client-credentials.js';
import { removeNodeDockerObjects } from '../testkit/processes/agent-process.js';
import { startProcess, waitFor, type ManagedProcess } from '../testkit/processes/child-process.js';
import { startControllerManager } from '../testkit/processes/controller-manager-process.js';
import { flotctl } from '../testkit/processes/flotctl-process.js';
import { freePort } from '../testkit/processes/free-port.js';
import { startSchedulerProcess } from '../testkit/processes/scheduler-process.js';
import type { ComponentProcess } from '../testkit/processes/component-process.js';
import { startRecordingApiServer, type RecordingApiServer } from '../testkit/recording-api-server.js';

/** Components retry with backoff against an apiserver that answers UNAVAILABLE; their first calls come within seconds. */
const FIRST_CALL_TIMEOUT_MS = 30_000;
const DNS_MAIN = fileURLToPath(new URL('../dns/main.js', import.meta.url));
const AGENT_MAIN = fileURLToPath(new URL('../agent/main.js', import.meta.url));

describe('component credentials', () => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const nodeName = `cred-node-${suffix}`;
  const network = `flotilla-cred-${suffix}`;
  let dir: string;
  let pki: TestPki;
  let server: RecordingApiServer;
  const components: ComponentProcess[] = [];
  const processes: ManagedProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-component-credentials-'));
    pki = await createPki(join(dir, 'pki'));
    server = await startRecordingApiServer(pki, { requireClientCertificate: true });
  });

  after(async () => {
    await Promise.all([...components.map((c) => c.stop()), ...processes.map((p) => p.stop())]);
    await removeNodeDockerObjects(nodeName, network);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function firstCallOf(userAgent: string): Promise<string | undefined> {
    const call = await waitFor(`a call from ${userAgent}`, async () => server.calls.find((c) => c.userAgent === userAgent), FIRST_CALL_TIMEOUT_MS);
    return call.commonName;
  }

  it('the scheduler and the controller-manager call as system:kube-scheduler and system:kube-controller-manager', async () => {
    const logDir = join(dir, 'logs');
    const noLease = ['--leader-elect=false'];
    components.push(await startSchedulerProcess(server.address, logDir, { credentials: clientCredentialFiles(pki.dir, 'scheduler'), extraArgs: noLease }));
    components.push(await startControllerManager(server.address, logDir, { credentials: clientCredentialFiles(pki.dir, 'controller-manager'), extraArgs: noLease }));
    assert.equal(await firstCallOf('scheduler/flotilla'), 'system:kube-scheduler');
    assert.equal(await firstCallOf('controller-manager/flotilla'), 'system:kube-controller-manager');
  });

  it('the dns and the agent call as system:kube-dns and system:node:<name>', async () => {
    const logDir = join(dir, 'logs');
    const dnsArgs = ['--port', '0', '--health-port', String(await freePort()), '--advertise-address', '127.0.0.1', '--forward', 'false'];
    processes.push(startProcess('dns', process.execPath, [DNS_MAIN, '--apiserver', server.address, ...credentialArgs(clientCredentialFiles(pki.dir, 'dns')), ...dnsArgs], logDir));
    const node = await nodeCredentialFiles(pki.dir, nodeName);
    // The pod CIDR would come from the controller-manager, so the agent registers and waits: no Docker network is made.
    const agentArgs = ['--node-name', nodeName, '--node-ip', '127.0.0.1', '--network', network, '--state-dir', join(dir, 'agent'), '--health-port', String(await freePort()),
      '--streaming-port', String(await freePort()), '--proxy=false', '--pod-network=false', '--pod-cidr-from-node', 'true'];
    processes.push(startProcess(`agent-${nodeName}`, process.execPath, [AGENT_MAIN, '--apiserver', server.address, ...credentialArgs(node), ...agentArgs], logDir));
    assert.equal(await firstCallOf('dns/flotilla'), 'system:kube-dns');
    assert.equal(await firstCallOf('agent/flotilla'), `system:node:${nodeName}`);
  });

  it('flotctl calls as kubernetes-admin with the admin\'s files; without a certificate or with another CA it cannot call', async () => {
    const admin = await flotctl({ server: server.address, credentials: clientCredentialFiles(pki.dir, 'admin') }, ['get', 'pod', 'p', '-o', 'name']);
    assert.equal(admin.stdout, 'pod/p\n', admin.stderr);
    assert.equal(await firstCallOf('flotctl/flotilla'), 'kubernetes-admin');

    const flotctlCalls = () => server.calls.filter((c) => c.userAgent === 'flotctl/flotilla').length;
    const before = flotctlCalls();
    const anonymous = await flotctl({ server: server.address, credentials: { certificateAuthority: pki.caFile } }, ['get', 'pod', 'p']);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, new RegExp(server.address));

    const other = await createPki(join(dir, 'other-pki'));
    const wrongCa = await flotctl({ server: server.address, credentials: clientCredentialFiles(other.dir, 'admin') }, ['get', 'pod', 'p']);
    assert.equal(wrongCa.code, 1);
    assert.equal(wrongCa.stderr, `Unable to connect to the server ${server.address}: self-signed certificate in certificate chain\n`);
    assert.equal(flotctlCalls(), before);
  });

  it('no call reached the server without a client certificate', () => {
    assert.deepEqual(server.calls.filter((c) => c.commonName === undefined), []);
  });
});
