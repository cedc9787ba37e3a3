// A whole cluster of real processes for e2e tests: etcd, apiserver, scheduler,
// controller-manager and N agents on the local Docker engine, each on free
// ports, with node lifecycle periods shortened so node failure shows in seconds.
// Stops exactly what it started and removes only its nodes' Docker objects.
import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../../client/api-client.js';
import type { Node } from '../../api/types/index.js';
import { removeProxyChains, startAgent, type TestAgent } from './agent-process.js';
import { startSchedulerProcess, type SchedulerProcess } from './scheduler-process.js';
import { startControllerManager, type ControllerManagerProcess } from './controller-manager-process.js';
import { startControlPlane, type TestControlPlane } from './control-plane.js';
import { waitFor } from './child-process.js';
import { isNodeReady as nodeIsReady } from '../../api/ready-conditions.js';
import { resources } from '../../api/resources.js';
import { createDefaultStorageClass } from '../objects/storage-class.js';

export { nodeIsReady };

export const NODES_READY_TIMEOUT_MS = 60_000;
export const NODE_POLL_INTERVAL_MS = 250;

/**
 * The agent renews its Lease every 10 s, so the grace period must stay above
 * that; a lease older than this marks the node Ready=Unknown and taints it.
 */
export const E2E_NODE_MONITOR_GRACE_PERIOD = '15s';
const CONTROLLER_MANAGER_FLAGS = [
  '--leader-elect=false',
  '--node-monitor-period', '1s',
  '--node-monitor-grace-period', E2E_NODE_MONITOR_GRACE_PERIOD,
  '--pod-eviction-period', '1s',
  '--pod-gc-period', '5s',
];
const SCHEDULER_FLAGS = ['--leader-elect=false'];

/**
 * With `inClusterApi`: the Service range of the cluster, apart from deploy/up.sh's 10.96.0.0/12 and the
 * services suite's, since every node proxy on this host programs the same packet filter.
 */
export const IN_CLUSTER_SERVICE_CIDR = '10.124.0.0/16';
/** The `kubernetes` Service's ClusterIP in that range (its first address), which the serving certificate must cover. */
export const IN_CLUSTER_KUBERNETES_IP = '10.124.0.1';

export interface ClusterOptions {
  /** How many agents (nodes) on the local engine; 3 unless told. */
  agents?: number;
  /** Extra agent flags per node index (0-based), e.g. `--node-labels`. */
  agentArgs?: (index: number) => string[];
  controllerManagerArgs?: string[];
  /** Serve the Kubernetes HTTP API too, so the suite can drive kubectl (see TestCluster.kubeconfigPath). */
  https?: boolean;
  /** With https: pods get ServiceAccounts and token volumes, and the controller-manager publishes the CA, as deploy/up.sh's clusters. */
  serviceAccounts?: boolean;
  /**
   * With https: pods reach the apiserver through the `kubernetes` Service, as in-cluster clients do: the
   * first agent runs the node proxy (own iptables chains, removed on stop), Services come from
   * IN_CLUSTER_SERVICE_CIDR and the serving certificate covers IN_CLUSTER_KUBERNETES_IP.
   */
  inClusterApi?: boolean;
}

export interface TestCluster {
  controlPlane: TestControlPlane;
  scheduler: SchedulerProcess;
  controllerManager: ControllerManagerProcess;
  agents: TestAgent[];
  /** The apiserver's gRPC address, as `flotctl --server` takes it. */
  server: string;
  /** With `https: true`: the kubeconfig of the apiserver's HTTPS port, for runKubectl. */
  kubeconfigPath?: string;
  logDir: string;
  client(): ApiClient;
  stop(): Promise<void>;
}


export async function waitForNodesReady(client: ApiClient, names: string[], timeoutMs = NODES_READY_TIMEOUT_MS): Promise<void> {
  await waitFor(
    `nodes ${names.join(', ')} Ready`,
    async () => {
      const nodes = (await client.list<Node>(resources.nodes)).items;
      return names.every((n) => nodes.some((node) => node.metadata.name === n && nodeIsReady(node)));
    },
    timeoutMs,
    NODE_POLL_INTERVAL_MS,
  );
}

export async function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const count = opts.agents ?? 3;
  const id = randomBytes(3).toString('hex');
  const serviceAccounts = (opts.https ?? false) && (opts.serviceAccounts ?? false);
  const inClusterApi = (opts.https ?? false) && (opts.inClusterApi ?? false);
  const proxyChainPrefix = inClusterApi ? `FLTC${id.toUpperCase()}` : undefined;
  const controlPlane = await startControlPlane({
    https: opts.https ?? false,
    serviceAccountAdmission: serviceAccounts,
    ...(inClusterApi ? { servingNames: [IN_CLUSTER_KUBERNETES_IP], extraArgs: ['--service-cluster-ip-range', IN_CLUSTER_SERVICE_CIDR] } : {}),
  });
  const server = controlPlane.apiserver.address;
  const started: { scheduler?: SchedulerProcess; controllerManager?: ControllerManagerProcess; agents: TestAgent[] } = { agents: [] };
  const client = controlPlane.apiserver.client();
  const stop = async (): Promise<void> => {
    await Promise.all(started.agents.map((a) => a.stop()));
    await started.controllerManager?.stop();
    await started.scheduler?.stop();
    if (proxyChainPrefix) await removeProxyChains(proxyChainPrefix).catch(() => undefined);
    await controlPlane.stop();
  };
  try {
    // As a new cluster made by deploy/up.sh: claims without a class get this one.
    await createDefaultStorageClass(client);
    started.scheduler = await startSchedulerProcess(server, controlPlane.logDir, { extraArgs: SCHEDULER_FLAGS });
    started.controllerManager = await startControllerManager(server, controlPlane.logDir, {
      extraArgs: [
        ...CONTROLLER_MANAGER_FLAGS,
        ...(serviceAccounts && controlPlane.apiserver.caFile ? ['--root-ca-file', controlPlane.apiserver.caFile] : []),
        ...(opts.controllerManagerArgs ?? []),
      ],
    });
    for (let i = 0; i < count; i++) {
      started.agents.push(
        await startAgent(server, {
          nodeName: `e2e-${id}-${i + 1}`,
          logDir: controlPlane.logDir,
          extraArgs: opts.agentArgs?.(i) ?? [],
          // One proxy serves every node of this host.
          ...(proxyChainPrefix && i === 0 ? { proxyChainPrefix } : {}),
        }),
      );
    }
    await waitForNodesReady(client, started.agents.map((a) => a.nodeName));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    controlPlane,
    scheduler: started.scheduler,
    controllerManager: started.controllerManager,
    agents: started.agents,
    server,
    ...(controlPlane.apiserver.kubeconfigPath ? { kubeconfigPath: controlPlane.apiserver.kubeconfigPath } : {}),
    logDir: controlPlane.logDir,
    client: () => controlPlane.apiserver.client(),
    stop,
  };
}
