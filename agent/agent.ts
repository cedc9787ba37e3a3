// Wires the agent together: Docker, the node's registration and heartbeats,
// the pod manager, the streaming server, and /healthz + /metrics.
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { startHealthServer, type HealthServer } from '../client/health-server.js';
import { loadServingTls } from '../client/serving-tls.js';
import { ServingCertificateSlot } from '../client/serving-certificate-slot.js';
import { AgentMetrics } from './agent-metrics.js';
import { DEFAULT_SYNC_TIMEOUT_MS, ROTATE_SERVER_CERTIFICATES_FLAG, type AgentOptions } from './agent-options.js';
import { hostUsageSources, MetricsCollector } from './metrics/metrics-collector.js';
import { resourceMetricsRoutes } from './metrics/resource-routes.js';
import { NodeReporter } from './node/node-reporter.js';
import { ServingCertificateManager } from './node/serving-certificate.js';
import { ConfigObjects } from './pod/config-objects.js';
import { PodManager } from './pod/pod-manager.js';
import { ExecIptablesRunner } from './proxy/iptables-runner.js';
import { procSysctl } from './proxy/sysctl.js';
import { NodeProxy } from './proxy/node-proxy.js';
import { ExecRouteRunner, HostRoutes } from './network/host-routes.js';
import { ensureAssignedPodCIDR, ensurePodCIDR } from './network/pod-cidr.js';
import { PodNetwork } from './network/pod-network.js';
import { LocalPathProvisioner } from './provisioner/local-path-provisioner.js';
import { localVolumeDirs } from './provisioner/local-volume-dirs.js';
import { LOCAL_PATH_PROVISIONER } from '../api/storage/names.js';
import { DockerRuntime } from './runtime/docker-runtime.js';
import { findHostnameShim, NodePool } from './pool/node-pool.js';
import { startStreamingServer, type StreamingServer } from './streaming/streaming-server.js';
import { agentApiAuthorizer } from './streaming/caller-authorization.js';
import { LEASE_DURATION_SECONDS } from './timing.js';
import { systemClock, type Clock } from './clock.js';

const MS_PER_SECOND = 1000;
const FALLBACK_HOSTS_FILE = '127.0.0.1\tlocalhost\n';

/** The slot of a certificate asked of the cluster (--rotate-server-certificates), whose client CA is the cluster's. */
function bootstrapSlot(opts: AgentOptions): ServingCertificateSlot | undefined {
  if (!opts.rotateServerCertificates) return undefined;
  const ca = opts.credentials.certificateAuthority;
  if (!ca) throw new Error(`${ROTATE_SERVER_CERTIFICATES_FLAG} needs --certificate-authority: it is the CA the callers' client certificates must chain to`);
  return new ServingCertificateSlot(ca);
}

export class Agent {
  private constructor(
    private readonly client: ApiClient,
    private readonly reporter: NodeReporter,
    private readonly pods: PodManager,
    private readonly health: HealthServer,
    private readonly streaming: StreamingServer,
    private readonly collector: MetricsCollector,
    private readonly proxy: NodeProxy | undefined,
    private readonly podNetwork: PodNetwork | undefined,
    private readonly routes: HostRoutes | undefined,
    private readonly provisioner: LocalPathProvisioner,
    private readonly nodePool: NodePool | undefined,
    private readonly certificates: ServingCertificateManager | undefined,
  ) {}

  get healthPort(): number {
    return this.health.port;
  }

  get streamingPort(): number {
    return this.streaming.port;
  }

  static async start(opts: AgentOptions, logger: Logger, clock: Clock = systemClock): Promise<Agent> {
    // Read first, so a wrong file stops the agent before it touches Docker or the apiserver.
    const servingTls = await loadServingTls(opts.servingTls);
    const slot = servingTls ? undefined : bootstrapSlot(opts);
    const ports = servingTls ?? (slot && { clientCa: slot.clientCa, slot });
    const tls = ports && { ...ports, authorize: agentApiAuthorizer(opts.authorizedClientUsers) };
    if (!tls) logger.warn('no --tls-cert-file: the streaming port lets anyone who reaches it exec into this node\'s pods');
    const runtime = new DockerRuntime(opts.nodeName, undefined, clock);
    const engine = await runtime.info();
    logger.info({ docker: engine.ServerVersion, node: opts.nodeName }, 'connected to Docker');
    const client = new ApiClient(opts.apiserver, 'agent', opts.credentials);
    const names = { dns: [...new Set([opts.nodeName, hostname()])], ips: [opts.nodeIP] };
    const certificates = slot && new ServingCertificateManager({ client, nodeName: opts.nodeName, stateDir: opts.stateDir, names, slot, logger });
    await certificates?.loadStored();
    // Assigned CIDRs come after registration: the Node must exist for controller-manager to give it one.
    const podCIDR = opts.podCIDRFromNode ? undefined : await ensurePodCIDR(runtime, client, opts.nodeName, opts.network, logger);
    await mkdir(join(opts.stateDir, 'pods'), { recursive: true });
    if (!(await runtime.imageID(opts.pauseImage))) {
      logger.warn({ image: opts.pauseImage }, 'pause image is not present; it will be pulled (build it offline with deploy/images/build.sh)');
    }
    const hostnameShim = await findHostnameShim();
    const nodePool = NodePool.create(
      { client, runtime, clock, logger, node: opts.nodeName, pauseImage: opts.pauseImage, network: opts.network, size: opts.sandboxPoolSize },
      hostnameShim,
    );
    // The metrics read the pod manager and the reporter, which need the metrics' event sink first.
    const live: { pods?: PodManager; reporter?: NodeReporter } = {};
    const metrics = new AgentMetrics({ podCount: () => live.pods?.podCount() ?? 0, lastLeaseRenewMs: () => live.reporter?.lastRenewMs ?? 0 });
    const pods = new PodManager({
      node: opts.nodeName,
      runtime,
      clock,
      client,
      config: new ConfigObjects(client),
      events: metrics.countingSink(new EventRecorder(client, { component: 'kubelet', host: opts.nodeName }, logger, () => clock.now())),
      logger,
      stateDir: opts.stateDir,
      pauseImage: opts.pauseImage,
      network: opts.network,
      hostIP: opts.nodeIP,
      hostHostsFile: await readFile('/etc/hosts', 'utf8').catch(() => FALLBACK_HOSTS_FILE),
      dns: { clusterDNS: opts.clusterDNS, clusterDomain: opts.clusterDomain, hostResolvConf: await readFile('/etc/resolv.conf', 'utf8').catch(() => '') },
      pool: nodePool?.pool,
      hostnameShim,
    });
    const collector = new MetricsCollector(opts.nodeName, await hostUsageSources(runtime.docker, opts.nodeName, clock), logger);
    const streaming = await startStreamingServer(opts.streamingPort, runtime, pods, logger, () => collector.summary(), tls);
    const reporter = new NodeReporter(
      client,
      { name: opts.nodeName, hostname: hostname(), internalIP: opts.nodeIP, engine, overrides: opts.capacity, streamingPort: streaming.port, labels: opts.nodeLabels, podCIDR },
      logger,
      clock,
      () => runtime.ping().then(
        () => ({ ok: true }) as const,
        (err: unknown) => ({ ok: false, message: err instanceof Error ? err.message : String(err) }) as const,
      ),
    );
    live.pods = pods;
    live.reporter = reporter;
    const health = await startHealthServer(opts.healthPort, metrics.registry, () => {
      const leaseFresh = clock.now() - reporter.lastRenewMs < LEASE_DURATION_SECONDS * MS_PER_SECOND;
      return leaseFresh && pods.hasSynced();
    }, undefined, resourceMetricsRoutes(collector), tls);
    await reporter.start();
    // The approver checks the request's names against the registered Node's addresses.
    certificates?.start();
    if (opts.podCIDRFromNode) await ensureAssignedPodCIDR(runtime, client, opts.nodeName, opts.network, logger, clock);
    // Before the pods: the first pods may claim the sandboxes a previous agent left waiting.
    await nodePool?.start();
    await pods.start(DEFAULT_SYNC_TIMEOUT_MS);
    if (opts.metricsIntervalSeconds > 0) collector.start(opts.metricsIntervalSeconds * MS_PER_SECOND);
    const iptables = new ExecIptablesRunner();
    const podNetwork = opts.podNetwork ? new PodNetwork({ client, chainPrefix: opts.proxyChainPrefix, iptables, logger, clock }) : undefined;
    await podNetwork?.start();
    const routes = opts.hostGatewayRoutes ? new HostRoutes({ client, node: opts.nodeName, routes: new ExecRouteRunner(), logger, clock }) : undefined;
    await routes?.start();
    const proxy = opts.proxy ? new NodeProxy({ client, node: opts.nodeName, chainPrefix: opts.proxyChainPrefix, iptables, sysctl: procSysctl, logger, clock }) : undefined;
    await proxy?.start();
    await mkdir(opts.localVolumeDir, { recursive: true });
    const provisioner = new LocalPathProvisioner({
      client,
      nodeName: opts.nodeName,
      dirs: localVolumeDirs(opts.localVolumeDir),
      recorder: new EventRecorder(client, { component: LOCAL_PATH_PROVISIONER, host: opts.nodeName }, logger, () => clock.now()),
      logger,
      clock,
    });
    await provisioner.start();
    logger.info({ node: opts.nodeName, healthPort: health.port, streamingPort: streaming.port, tls: tls !== undefined }, 'agent started');
    return new Agent(client, reporter, pods, health, streaming, collector, proxy, podNetwork, routes, provisioner, nodePool, certificates);
  }

  /** Stops the agent; the pods' containers keep running for the next agent to adopt. */
  async stop(): Promise<void> {
    await this.certificates?.stop();
    this.reporter.stop();
    await this.collector.stop();
    // The rules stay: Services keep working while the agent restarts, and the next one rewrites them.
    await this.proxy?.stop();
    await this.podNetwork?.stop();
    await this.routes?.stop();
    await this.provisioner.stop();
    await this.pods.stop();
    // Waiting sandboxes go with the agent; claimed ones stay with their pods.
    await this.nodePool?.stop();
    await this.streaming.close();
    await this.health.close();
    this.client.close();
  }
}
