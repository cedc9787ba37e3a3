// Starts real agent processes for e2e tests, each on its own node name,
// Docker network and state dir, and removes exactly the Docker objects that
// carry its node label.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { freePort } from './free-port.js';
import { nodeArgsFor } from './node-args.js';
import { exitedError, startProcess, waitFor, type ManagedProcess } from './child-process.js';
import { AgentStreamingClient } from '../../client/agent-streaming-client.js';
import { healthzOk } from '../health-probe.js';
import type { ApiCredentials, CredentialFiles } from '../../client/api-credentials.js';
import { credentialArgs } from '../client-credentials.js';
import { nodeIdentityFilesFor } from './secure-apiservers.js';

export const AGENT_START_TIMEOUT_MS = 30_000;
/**
 * The label the agent puts on every container and network of its node. Spelled
 * out here, as deploy/down.sh does, because testkit may not import the agent;
 * agent/node-label.test.ts keeps it equal to the agent's own LABEL_NODE.
 */
export const AGENT_NODE_LABEL = 'io.flotilla.node';
export const TEST_PAUSE_IMAGE = 'flotilla/pause:3.9';
export const TEST_BUSYBOX_IMAGE = 'flotilla/busybox:1.35';
export const TEST_NGINX_IMAGE = 'flotilla/nginx:1.22';
const AGENT_MAIN = fileURLToPath(new URL('../../agent/main.js', import.meta.url));

export interface TestAgent {
  nodeName: string;
  network: string;
  stateDir: string;
  healthPort: number;
  streamingPort: number;
  process: ManagedProcess;
  streaming(): AgentStreamingClient;
  /** Stops the process only; containers keep running (for adoption tests). */
  stopProcess(): Promise<void>;
  /** Starts the process again with the same node, network, state dir and ports; `extraArgs` replace the ones it started with. */
  restart(extraArgs?: string[]): Promise<void>;
  /** Stops the process and removes every container and the network of this node. */
  stop(): Promise<void>;
}

export interface AgentTestOptions {
  nodeName?: string;
  logDir: string;
  extraArgs?: string[];
  /**
   * Runs the node proxy and the pod network with their iptables chains under
   * this prefix. Absent: neither, so test agents sharing the host's packet
   * filter do not program it (one agent with a prefix serves every node).
   */
  proxyChainPrefix?: string;
  /**
   * When extraArgs make the agent's ports TLS: the CA of its serving certificate
   * (the health wait trusts it) and the client certificate streaming() presents.
   */
  tls?: ApiCredentials & { certificateAuthority: Buffer };
  /** The node's credentials towards the apiserver (nodeCredentialFiles); absent: its node's own at a TLS apiserver the testkit started, else a plaintext channel. */
  credentials?: CredentialFiles;
}

export async function removeNodeDockerObjects(nodeName: string, network: string): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: [`${AGENT_NODE_LABEL}=${nodeName}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const networks = await docker.listNetworks({ filters: { label: [`${AGENT_NODE_LABEL}=${nodeName}`] } });
  for (const n of networks) if (n.Name === network) await docker.getNetwork(n.Id).remove().catch(() => undefined);
}

export async function startAgent(apiserver: string, opts: AgentTestOptions): Promise<TestAgent> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const nodeName = opts.nodeName ?? `e2e-node-${suffix}`;
  const network = `flotilla-e2e-${suffix}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'flotilla-agent-'));
  const healthPort = await freePort();
  const streamingPort = await freePort();
  const clients: AgentStreamingClient[] = [];
  const credentials = opts.credentials ?? (await nodeIdentityFilesFor(apiserver, nodeName));
  const baseArgs = [
    ...nodeArgsFor('agent'),
    AGENT_MAIN,
    '--apiserver', apiserver,
    '--node-name', nodeName,
    '--node-ip', '127.0.0.1',
    '--network', network,
    '--state-dir', stateDir,
    '--pause-image', TEST_PAUSE_IMAGE,
    '--health-port', String(healthPort),
    '--streaming-port', String(streamingPort),
    ...(opts.proxyChainPrefix ? ['--proxy-chain-prefix', opts.proxyChainPrefix] : ['--proxy=false', '--pod-network=false']),
    ...credentialArgs(credentials),
  ];
  let extra = opts.extraArgs ?? [];
  let proc: ManagedProcess;
  const launch = async (): Promise<void> => {
    const args = [...baseArgs, ...extra];
    proc = startProcess(`agent-${nodeName}`, process.execPath, args, opts.logDir);
    const current = proc;
    await waitFor(
      'agent /healthz',
      async () => {
        if (current.child.exitCode !== null) throw exitedError(current);
        return healthzOk(healthPort, opts.tls && { ca: opts.tls.certificateAuthority });
      },
      AGENT_START_TIMEOUT_MS,
    );
  };
  try {
    await launch();
  } catch (err) {
    await proc!.stop();
    await removeNodeDockerObjects(nodeName, network);
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  const stopProcess = async (): Promise<void> => {
    for (const c of clients.splice(0)) c.close();
    await proc.stop();
  };
  return {
    nodeName,
    network,
    stateDir,
    healthPort,
    streamingPort,
    get process() {
      return proc;
    },
    streaming: () => {
      const c = new AgentStreamingClient(`127.0.0.1:${streamingPort}`, opts.tls);
      clients.push(c);
      return c;
    },
    stopProcess,
    restart: (extraArgs?: string[]) => {
      if (extraArgs) extra = extraArgs;
      return launch();
    },
    stop: async () => {
      await stopProcess();
      await removeNodeDockerObjects(nodeName, network);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Bounds the agent's `--cleanup-proxy` run (a handful of iptables calls). */
const PROXY_CLEANUP_TIMEOUT_MS = 30_000;

/** Removes a test proxy's iptables chains the way deploy/down.sh does: the agent binary with --cleanup-proxy. */
export async function removeProxyChains(prefix: string): Promise<void> {
  await promisify(execFile)(process.execPath, [AGENT_MAIN, '--cleanup-proxy', '--proxy-chain-prefix', prefix], { timeout: PROXY_CLEANUP_TIMEOUT_MS });
}
