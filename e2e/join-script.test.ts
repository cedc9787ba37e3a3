// e2e: deploy/join.sh itself joins this machine as a node, end to end, on real
// etcd, apiserver (HTTPS and TLS gRPC, bootstrap tokens) and controller-manager
// (csrapproving, csrsigning) processes and the real Docker engine. It runs
// exactly what `flotctl token create --print-join-command` prints, plus a node
// name, a state dir and the agent's own ports, network and no packet-filter
// rules (after `--`), so it meets no other cluster on the machine. There is
// no systemd here, so join.sh supervises the agent with its restart loop. With
// everything installed it installs nothing (apt-get and npm on its PATH record
// any call) and, told FLOTILLA_SKIP_BUILD=1, runs the dist/ this test runs
// from. The loop is stopped by its pid file's process group at the end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { resources } from '../api/resources.js';
import { isApiError } from '../api/errors.js';
import type { CertificateSigningRequest, Node } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { REPO_ROOT } from '../testkit/repo-paths.js';
import { runCommand, type CommandResult } from '../testkit/processes/command.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { flotctl } from '../testkit/processes/flotctl-process.js';
import { freePort } from '../testkit/processes/free-port.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { removeNodeDockerObjects } from '../testkit/processes/agent-process.js';
import { dockerSkipReason, ensureTestImages } from '../testkit/docker/pod-helpers.js';

const DOCKER_SKIP = await dockerSkipReason();
const JOIN_SCRIPT = join(REPO_ROOT, 'deploy/join.sh');
const AGENT_MAIN = join(REPO_ROOT, 'dist/agent/main.js');
/** Prerequisite checks, flotctl join (CSR approved and signed) and the agent's registration, on a shared machine. */
const JOIN_TIMEOUT_MS = 180_000;
/** The loop waits 2 s before a restart, then the agent registers again. */
const RESTART_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const SUFFIX = Math.random().toString(36).slice(2, 8);
const NODE_NAME = `join-script-${SUFFIX}`;
const NETWORK = `flotilla-e2e-join-${SUFFIX}`;
/** Tools join.sh must not call when everything is present; the shims write their call here and fail. */
const FORBIDDEN_TOOLS = ['apt-get', 'npm'];
const JOIN_COMMAND = /^deploy\/join\.sh (--server \S+ --token \S+ --ca-cert-hash sha256:[0-9a-f]{64})\n$/;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const readPid = (file: string): number => Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
/** The process group of a pid (the fifth field of /proc/PID/stat, after the command in parentheses). */
const processGroupOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
/** The pids of processes whose command line (argv) passes `match`; read from /proc, nothing signalled. */
function processesWhere(match: (argv: string[]) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
/** Agents of node `name`: node running dist/agent/main.js (the loop's bash carries the same words in its argv). */
const agentsOf = (name: string): number[] => processesWhere((argv) => argv[1] === AGENT_MAIN && argv.includes('--node-name') && argv[argv.indexOf('--node-name') + 1] === name);
/** Restart loops that write `agentPidFile`. */
const loopsWriting = (agentPidFile: string): number[] => processesWhere((argv) => argv[0] === 'bash' && argv.includes(agentPidFile));

describe('deploy/join.sh on this machine', { skip: DOCKER_SKIP }, () => {
  let plane: TestControlPlane;
  let cm: ControllerManagerProcess;
  let client: ApiClient;
  let dir: string;
  let caFile: string;
  let joinArgs: string[];
  let stateDir: string;
  let forbiddenLog: string;
  let shimDir: string;
  let agentFlags: string[];

  const loopPidFile = (state: string): string => join(state, 'pids', 'flotilla-agent.pid');
  const agentPidFile = (state: string): string => join(state, 'pids', 'flotilla-agent.agent.pid');
  const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

  const joinScript = (args: string[]): Promise<CommandResult> =>
    runCommand(
      {
        file: JOIN_SCRIPT,
        args,
        // A joining machine has no flotctl config of its own.
        env: { ...process.env, PATH: `${shimDir}${delimiter}${process.env.PATH ?? ''}`, FLOTILLA_SKIP_BUILD: '1', FLOTILLA_CONFIG: '/dev/null' },
      },
      { timeoutMs: JOIN_TIMEOUT_MS },
    );
  const readyCondition = async (name: string) => (await client.get<Node>(resources.nodes, '', name)).status?.conditions?.find((c) => c.type === 'Ready');

  before(async () => {
    plane = await startControlPlane({ https: true, secureGrpc: true, extraArgs: ['--enable-bootstrap-token-auth'] });
    caFile = plane.apiserver.caFile!;
    cm = await startControllerManager(plane.apiserver.address, plane.logDir, {
      extraArgs: ['--leader-elect=false', '--controllers', 'csrapproving,csrsigning', '--cluster-signing-cert-file', caFile, '--cluster-signing-key-file', join(dirname(caFile), 'ca.key')],
    });
    client = plane.apiserver.client();
    await ensureTestImages();
    dir = mkdtempSync(join(tmpdir(), 'flotilla-join-script-'));
    stateDir = join(dir, 'state');
    shimDir = join(dir, 'bin');
    forbiddenLog = join(dir, 'forbidden-calls.log');
    mkdirSync(shimDir);
    for (const tool of FORBIDDEN_TOOLS) {
      writeFileSync(join(shimDir, tool), `#!/bin/sh\necho "${tool} $*" >>'${forbiddenLog}'\nexit 1\n`);
      chmodSync(join(shimDir, tool), 0o755);
    }
    const printed = await flotctl(plane.apiserver.address, ['token', 'create', '--ttl', '10m', '--print-join-command', '--ca-cert', caFile, '--server-url', `https://127.0.0.1:${plane.apiserver.httpsPort}`]);
    assert.equal(printed.code, 0, printed.stderr);
    const command = JOIN_COMMAND.exec(printed.stdout);
    assert.ok(command, printed.stdout);
    joinArgs = command[1]!.split(' ');
    agentFlags = ['--', '--network', NETWORK, '--health-port', String(await freePort()), '--streaming-port', String(await freePort()), '--proxy=false', '--pod-network=false'];
  });

  after(async () => {
    // Only the loop this test started: its process group, from its own pid file.
    if (stateDir && existsSync(loopPidFile(stateDir))) {
      const loop = readPid(loopPidFile(stateDir));
      if (isAlive(loop)) {
        process.kill(-loop, 'SIGTERM');
        await waitFor('the restart loop and its agent to stop', async () => agentsOf(NODE_NAME).length === 0 && !isAlive(loop), STOP_TIMEOUT_MS).catch(() => {
          if (isAlive(loop)) process.kill(-loop, 'SIGKILL');
        });
      }
    }
    await removeNodeDockerObjects(NODE_NAME, NETWORK);
    client?.close();
    await cm?.stop();
    await plane?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('joins: the node gets its own certificate, its agent runs under the restart loop, the Node is Ready, and nothing is installed or built', async () => {
    const res = await joinScript([...joinArgs, '--node-name', NODE_NAME, '--node-ip', '127.0.0.1', '--state-dir', stateDir, '--grpc-port', String(plane.apiserver.grpcPort), ...agentFlags]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /==> using the Flotilla already built in .* \(FLOTILLA_SKIP_BUILD=1\)/);
    assert.match(res.stdout, /\[csr\] node-csr-[0-9a-f]{12} issued/);
    assert.match(res.stdout, /==> starting the agent under a restart loop \(no systemd here\)/);
    assert.match(res.stdout, new RegExp(`==> node ${NODE_NAME} is Ready`));
    assert.equal(existsSync(forbiddenLog), false, existsSync(forbiddenLog) ? readFileSync(forbiddenLog, 'utf8') : '');

    const credentials = join(stateDir, 'node');
    assert.match(openssl('x509', '-in', join(credentials, 'node.crt'), '-noout', '-subject', '-nameopt', 'RFC2253'), new RegExp(`subject=CN=system:node:${NODE_NAME},O=system:nodes`));
    assert.match(openssl('verify', '-CAfile', caFile, join(credentials, 'node.crt')), /node\.crt: OK/);
    assert.equal((await readyCondition(NODE_NAME))?.status, 'True');

    const loop = readPid(loopPidFile(stateDir));
    const agent = readPid(agentPidFile(stateDir));
    assert.ok(isAlive(loop) && isAlive(agent), `loop ${loop}, agent ${agent}`);
    // One process group, so `kill -- -LOOP` (what join.sh tells the user) stops both.
    assert.equal(processGroupOf(loop), loop);
    assert.equal(processGroupOf(agent), loop);
    assert.deepEqual(agentsOf(NODE_NAME), [agent]);
    assert.deepEqual(loopsWriting(agentPidFile(stateDir)), [loop]);
  });

  it('an agent that dies is started again by the loop, and the new one reports the Node Ready', async () => {
    const loop = readPid(loopPidFile(stateDir));
    const killed = readPid(agentPidFile(stateDir));
    const killedAt = Date.now();
    process.kill(killed, 'SIGKILL');
    const restarted = await waitFor('the loop to start a new agent', async () => {
      const pid = readPid(agentPidFile(stateDir));
      return pid !== killed && isAlive(pid) ? pid : undefined;
    }, RESTART_TIMEOUT_MS);
    assert.equal(processGroupOf(restarted), loop);
    // The new agent registers again and writes the Ready condition with a heartbeat (whole seconds) later than the kill's second.
    const ready = await waitFor('a Ready heartbeat from the new agent', async () => {
      const condition = await readyCondition(NODE_NAME);
      return condition?.status === 'True' && Date.parse(condition.lastHeartbeatTime ?? '') > Math.floor(killedAt / 1000) * 1000 ? condition : undefined;
    }, RESTART_TIMEOUT_MS);
    assert.equal(ready.status, 'True');
    assert.match(readFileSync(join(stateDir, 'logs', 'flotilla-agent.log'), 'utf8'), /agent exited with 137; restarting in 2 s/);
    assert.deepEqual(agentsOf(NODE_NAME), [restarted]);
  });

  it('a second run changes nothing: the same credentials, loop and agent, no new certificate request', async () => {
    const loop = readPid(loopPidFile(stateDir));
    const agent = readPid(agentPidFile(stateDir));
    const certificate = readFileSync(join(stateDir, 'node', 'node.crt'), 'utf8');
    const res = await joinScript([...joinArgs, '--node-name', NODE_NAME, '--node-ip', '127.0.0.1', '--state-dir', stateDir, '--grpc-port', String(plane.apiserver.grpcPort), ...agentFlags]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, new RegExp(`==> node ${NODE_NAME} already has its credentials in ${stateDir}/node`));
    assert.match(res.stdout, new RegExp(`==> the agent's supervisor is already running \\(pid ${loop}\\)`));
    assert.match(res.stdout, new RegExp(`==> node ${NODE_NAME} is Ready`));
    assert.equal(readPid(loopPidFile(stateDir)), loop);
    assert.equal(readPid(agentPidFile(stateDir)), agent);
    assert.equal(readFileSync(join(stateDir, 'node', 'node.crt'), 'utf8'), certificate);
    assert.deepEqual(agentsOf(NODE_NAME), [agent]);
    assert.deepEqual(loopsWriting(agentPidFile(stateDir)), [loop]);
    const tokenId = joinArgs[joinArgs.indexOf('--token') + 1]!.split('.')[0];
    const requests = (await client.list<CertificateSigningRequest>(resources.certificateSigningRequests)).items.filter((c) => c.spec.username === `system:bootstrap:${tokenId}`);
    assert.equal(requests.length, 1, requests.map((c) => c.metadata.name).join(', '));
    assert.equal(existsSync(forbiddenLog), false);
  });

  it('a wrong --ca-cert-hash fails with a clear message and starts nothing', async () => {
    const wrongState = join(dir, 'wrong');
    const wrongNode = `${NODE_NAME}-wrong`;
    const wrong = `sha256:${'0'.repeat(64)}`;
    const args = [...joinArgs, '--node-name', wrongNode, '--state-dir', wrongState, '--grpc-port', String(plane.apiserver.grpcPort), ...agentFlags];
    args[args.indexOf('--ca-cert-hash') + 1] = wrong;
    const res = await joinScript(args);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`no certificate the server presented matches --ca-cert-hash ${wrong}`));
    assert.match(res.stderr, new RegExp(`error: node ${wrongNode} could not join https://127\\.0\\.0\\.1:\\d+ \\(flotctl join said why, above\\); nothing was started`));
    assert.equal(existsSync(join(wrongState, 'pids')), false);
    assert.equal(existsSync(join(wrongState, 'node', 'node.key')), false);
    assert.deepEqual(agentsOf(wrongNode), []);
    assert.deepEqual(loopsWriting(agentPidFile(wrongState)), []);
    await assert.rejects(client.get(resources.nodes, '', wrongNode), (err) => isApiError(err, 'NotFound'));

    // A hash that is no hash at all is refused before anything runs.
    args[args.indexOf('--ca-cert-hash') + 1] = 'sha256:abc';
    const malformed = await joinScript(args);
    assert.notEqual(malformed.code, 0);
    assert.match(malformed.stderr, /error: --ca-cert-hash must be sha256: and 64 hex digits .*, got "sha256:abc"/);
    assert.doesNotMatch(malformed.stdout, /==>/);
  });
});
