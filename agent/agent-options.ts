// The agent's command line, parsed into its options.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CapacityOverrides } from './node/node-object.js';
import type { ApiCredentials } from '../client/api-credentials.js';
import { addCredentialFlags, readCredentialFlags } from '../client/component-flags.js';
import { detectHostIPv4 } from '../client/host-address.js';
import { addServingTlsFlags, readServingTlsFlags, type ServingTlsFiles } from '../client/serving-tls.js';
import { AUTHORIZED_CLIENT_USERS_FLAG, DEFAULT_AUTHORIZED_CLIENT_USERS } from './streaming/caller-authorization.js';
import { isValidQuantity, QUANTITY_FORMAT_MESSAGE } from '../api/quantity.js';
import { DEFAULT_CHAIN_PREFIX, MAX_CHAIN_PREFIX_LENGTH, validChainPrefix } from './proxy/chain-names.js';

export const DEFAULT_APISERVER = '127.0.0.1:7443';
export const DEFAULT_PAUSE_IMAGE = 'flotilla/pause:3.9';
export const DEFAULT_STATE_DIR = '/var/lib/flotilla/agent';
export const DEFAULT_NETWORK = 'flotilla';
export const DEFAULT_HEALTH_PORT = 10248;
export const DEFAULT_STREAMING_PORT = 10250;
/** How often the agent samples its pods' and node's CPU and memory (the kubelet's housekeeping interval). */
export const DEFAULT_METRICS_INTERVAL_SECONDS = 15;
/** Empty, as the kubelet's: without a cluster DNS, ClusterFirst pods get the host's resolver and a MissingClusterDNS warning. */
export const DEFAULT_CLUSTER_DNS = '';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** Where the local-path provisioner's directories go unless --local-volume-dir says: under the state dir. */
export const LOCAL_VOLUME_SUBDIR = 'local-volumes';
/** Warm pause containers kept for pods (0: none). */
export const DEFAULT_SANDBOX_POOL_SIZE = 3;
/** How long the agent waits for its first pod list before giving up. */
export const DEFAULT_SYNC_TIMEOUT_MS = 60_000;
/** The kubelet's name for serverTLSBootstrap with rotation. */
export const ROTATE_SERVER_CERTIFICATES_FLAG = '--rotate-server-certificates';

export interface AgentOptions {
  apiserver: string;
  /** The node's identity towards the apiserver (system:node:<name> in its client certificate). */
  credentials: ApiCredentials;
  nodeName: string;
  pauseImage: string;
  stateDir: string;
  healthPort: number;
  streamingPort: number;
  network: string;
  nodeIP: string;
  capacity: CapacityOverrides;
  nodeLabels: Record<string, string>;
  metricsIntervalSeconds: number;
  /** The cluster DNS address(es) ClusterFirst pods resolve with (kubelet --cluster-dns). */
  clusterDNS: string[];
  clusterDomain: string;
  /** Run the node proxy (iptables rules for Services). */
  proxy: boolean;
  /** Keep the packet filter open between all Nodes' pod CIDRs, without NAT (the pod network). */
  podNetwork: boolean;
  /** Wait for controller-manager's node IPAM to set the Node's podCIDR, then create the pod network on it, instead of publishing the network's subnet. */
  podCIDRFromNode: boolean;
  /** Route every other Node's pod CIDR via its InternalIP (host gateway), for nodes on separate Docker hosts. */
  hostGatewayRoutes: boolean;
  /** Prefix of the proxy's and the pod network's iptables chains, so two agents on one host keep apart. */
  proxyChainPrefix: string;
  /** Remove the proxy's iptables chains of this prefix and exit, instead of running (kube-proxy --cleanup). */
  cleanupProxy: boolean;
  /** Where the local-path provisioner creates this node's volume directories. */
  localVolumeDir: string;
  /** TLS of the streaming and health ports (kubelet's flags); all empty: plain. */
  servingTls: ServingTlsFiles;
  /** With TLS: the certificate users (CN) that may call the streaming API and read past /healthz. */
  authorizedClientUsers: string[];
  /** How many pause containers wait, made ahead, for the next pods (0: each pod creates its own). */
  sandboxPoolSize: number;
  /** Without --tls-cert-file: serve TLS with a kubelet-serving certificate asked of the cluster (kubelet's serverTLSBootstrap). */
  rotateServerCertificates: boolean;
}

function port(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || String(n) !== value) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function nonNegativeSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return n;
}

function count(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 0 || String(n) !== value) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
}

function quantity(value: string): string {
  if (!isValidQuantity(value)) throw new InvalidArgumentError(QUANTITY_FORMAT_MESSAGE);
  return value;
}

function bool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('must be true or false');
}

function chainPrefix(value: string): string {
  if (!validChainPrefix(value)) throw new InvalidArgumentError(`must be upper-case letters, digits or _, at most ${MAX_CHAIN_PREFIX_LENGTH} characters`);
  return value;
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function labels(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`"${pair}" is not key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

export function parseAgentOptions(argv: string[]): AgentOptions {
  const program = addCredentialFlags(
    new Command('flotilla-agent')
      .description('The Flotilla node agent (kubelet): runs the pods bound to this node on Docker')
      .option('--apiserver <host:port>', 'apiserver gRPC address', DEFAULT_APISERVER),
  )
    .option('--node-name <name>', 'name of this node (default: the hostname)')
    .option('--node-ip <ip>', 'the node InternalIP (default: first address of a physical interface)')
    .option('--node-labels <k=v,...>', 'extra labels for the node', labels, {})
    .option('--pause-image <image>', 'image of the pod sandbox', DEFAULT_PAUSE_IMAGE)
    .option('--state-dir <dir>', 'where pod directories (emptyDir, hosts files) live', DEFAULT_STATE_DIR)
    .option('--health-port <port>', '/healthz and /metrics port (0: any free port)', port, DEFAULT_HEALTH_PORT)
    .option('--streaming-port <port>', 'gRPC port serving logs, exec, attach and port-forward (0: any free port)', port, DEFAULT_STREAMING_PORT)
    .option('--network <name>', 'Docker network for pods (created when missing)', DEFAULT_NETWORK)
    .option('--cpu <quantity>', 'override the cpu capacity from docker info', quantity)
    .option('--memory <quantity>', 'override the memory capacity from docker info', quantity)
    .option('--max-pods <n>', 'pods capacity', (v) => String(Number.parseInt(v, 10)))
    .option('--metrics-interval <seconds>', 'how often pod and node resource usage is sampled (0: never; the metrics API then has nothing of this node)', nonNegativeSeconds, DEFAULT_METRICS_INTERVAL_SECONDS)
    .option('--cluster-dns <ips>', 'comma-separated cluster DNS addresses for ClusterFirst pods (empty: the host resolver)', DEFAULT_CLUSTER_DNS)
    .option('--cluster-domain <domain>', 'the cluster domain', DEFAULT_CLUSTER_DOMAIN)
    .option('--proxy <bool>', 'program iptables so Service ClusterIPs and NodePorts reach their endpoints', bool, true)
    .option('--pod-network <bool>', 'program iptables so pods on every node reach each other by their own IPs, without NAT', bool, true)
    .option('--pod-cidr-from-node <bool>', 'wait for the Node\'s podCIDR from controller-manager (--cluster-cidr) and create the pod network on it', bool, false)
    .option('--host-gateway-routes <bool>', 'route each other node\'s podCIDR via its InternalIP (nodes on one L2 segment)', bool, false)
    .option('--proxy-chain-prefix <prefix>', 'prefix of the proxy\'s and the pod network\'s iptables chains', chainPrefix, DEFAULT_CHAIN_PREFIX)
    .option('--local-volume-dir <dir>', `where volumes of the flotilla.io/local-path provisioner are created (default: <state-dir>/${LOCAL_VOLUME_SUBDIR})`)
    .option('--sandbox-pool-size <n>', 'pause containers kept ready for the next pods, refilled while no pod starts (0: off)', count, DEFAULT_SANDBOX_POOL_SIZE)
    .option('--cleanup-proxy', 'remove the proxy\'s and the pod network\'s iptables chains of --proxy-chain-prefix and exit', false)
    .option(
      `${ROTATE_SERVER_CERTIFICATES_FLAG} [bool]`,
      'without --tls-cert-file: once the Node is registered, ask the cluster for a kubelet-serving certificate (CSR) for its name and addresses, serve the streaming and health ports with it, and renew it; the client CA is --certificate-authority',
      bool,
      false,
    )
    .option(`${AUTHORIZED_CLIENT_USERS_FLAG} <users>`, 'with TLS: comma-separated certificate users (CN) allowed to call the streaming API and read /metrics', list, [...DEFAULT_AUTHORIZED_CLIENT_USERS]);
  addServingTlsFlags(program, 'the streaming and health ports')
    .exitOverride()
    .parse(argv, { from: 'user' });
  const o = program.opts<{
    apiserver: string;
    nodeName?: string;
    nodeIp?: string;
    nodeLabels: Record<string, string>;
    pauseImage: string;
    stateDir: string;
    healthPort: number;
    streamingPort: number;
    network: string;
    cpu?: string;
    memory?: string;
    maxPods?: string;
    metricsInterval: number;
    proxy: boolean;
    podNetwork: boolean;
    podCidrFromNode: boolean;
    hostGatewayRoutes: boolean;
    proxyChainPrefix: string;
    cleanupProxy: boolean;
    clusterDns: string;
    clusterDomain: string;
    localVolumeDir?: string;
    authorizedClientUsers: string[];
    sandboxPoolSize: number;
    rotateServerCertificates: boolean;
  } & ServingTlsFiles>();
  return {
    apiserver: o.apiserver,
    credentials: readCredentialFlags(program),
    nodeName: (o.nodeName ?? hostname()).toLowerCase(),
    nodeIP: o.nodeIp ?? detectHostIPv4(),
    nodeLabels: o.nodeLabels,
    pauseImage: o.pauseImage,
    stateDir: o.stateDir,
    healthPort: o.healthPort,
    streamingPort: o.streamingPort,
    network: o.network,
    capacity: { cpu: o.cpu, memory: o.memory, pods: o.maxPods },
    metricsIntervalSeconds: o.metricsInterval,
    clusterDNS: o.clusterDns.split(',').map((s) => s.trim()).filter(Boolean),
    clusterDomain: o.clusterDomain.replace(/\.$/, ''),
    proxy: o.proxy,
    podNetwork: o.podNetwork,
    podCIDRFromNode: o.podCidrFromNode,
    hostGatewayRoutes: o.hostGatewayRoutes,
    proxyChainPrefix: o.proxyChainPrefix,
    cleanupProxy: o.cleanupProxy,
    localVolumeDir: o.localVolumeDir ?? join(o.stateDir, LOCAL_VOLUME_SUBDIR),
    servingTls: readServingTlsFlags(o),
    authorizedClientUsers: o.authorizedClientUsers,
    sandboxPoolSize: o.sandboxPoolSize,
    rotateServerCertificates: o.rotateServerCertificates,
  };
}
