// Command-line flags, named as kube-controller-manager's where it has them.
import { Command } from 'commander';
import { addComponentFlags, bool, integer, parseDuration, positive, parseComponentArgs, type ComponentFlags, type ComponentFlagSpec } from '../client/component-flags.js';

export { parseDuration };

export const DEFAULT_HEALTH_PORT = 10257;
export const DEFAULT_LEASE_NAME = 'kube-controller-manager';
/** kube-controller-manager's default IPv4 node subnet: 254 pods each. */
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

const COMPONENT_FLAGS: ComponentFlagSpec = {
  healthPort: DEFAULT_HEALTH_PORT,
  leaseName: DEFAULT_LEASE_NAME,
  leaderElectPurpose: 'running controllers',
  leaseTimings: 'duration',
};

export interface ControllerManagerFlags extends ComponentFlags {
  /** As given: `*`, names, `-name` to disable one. */
  controllers: string[];
  concurrentReplicaSetSyncs: number;
  concurrentDeploymentSyncs: number;
  concurrentGcSyncs: number;
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  podEvictionPeriodMs: number;
  terminatedPodGcThreshold: number;
  podGcPeriodMs: number;
  hpaSyncPeriodMs: number;
  hpaDownscaleStabilizationMs: number;
  /** Pod CIDRs for Nodes come from here; empty: no node IPAM (agents publish their own). */
  clusterCIDR: string;
  nodeCIDRMaskSize: number;
  /** The cluster CA (PEM file) published to every namespace as kube-root-ca.crt; "" publishes none. */
  rootCaFile: string;
  /** The CA (PEM certificate and key) that signs approved CSRs of the kube-apiserver-client signers; "" signs none. */
  clusterSigningCertFile: string;
  clusterSigningKeyFile: string;
  /** The longest certificate the signer issues. */
  clusterSigningDurationMs: number;
  /** Approve kubelet-serving CSRs a node makes for its own name and reported addresses (off: a person approves them, as in Kubernetes). */
  approveKubeletServing: boolean;
}

/** kube-controller-manager's default --cluster-signing-duration: one year. */
export const DEFAULT_CLUSTER_SIGNING_DURATION_MS = 8760 * 3600 * 1000;

export function parseFlags(argv: string[]): ControllerManagerFlags {
  const program = addComponentFlags(new Command('flotilla-controller-manager').description('Runs the workload, garbage collection and node controllers.'), COMPONENT_FLAGS)
    .option('--controllers <list>', 'controllers to run: * for all, name to add one, -name to leave one out', '*')
    .option('--concurrent-replicaset-syncs <n>', 'ReplicaSets synced at once', positive, 5)
    .option('--concurrent-deployment-syncs <n>', 'Deployments synced at once', positive, 5)
    .option('--concurrent-gc-syncs <n>', 'garbage collector workers', positive, 20)
    .option('--node-monitor-period <duration>', 'how often node health is checked', parseDuration, 5_000)
    .option('--node-monitor-grace-period <duration>', 'a node whose lease is older than this is Ready=Unknown', parseDuration, 40_000)
    .option('--pod-eviction-period <duration>', 'how often pods on unreachable nodes are checked against their tolerations', parseDuration, 1_000)
    .option('--terminated-pod-gc-threshold <n>', 'terminated pods kept before the oldest are deleted (0: no limit)', integer, 12_500)
    .option('--pod-gc-period <duration>', 'how often the pod garbage collector runs', parseDuration, 20_000)
    .option('--horizontal-pod-autoscaler-sync-period <duration>', 'how often each HorizontalPodAutoscaler is reconciled', parseDuration, 15_000)
    .option('--horizontal-pod-autoscaler-downscale-stabilization <duration>', 'the scale-down stabilization window of HPAs without a behavior', parseDuration, 300_000)
    .option('--cluster-cidr <cidr>', 'CIDR the nodes\' pod CIDRs are allocated from (empty: no allocation, each agent publishes its own)', '')
    .option('--node-cidr-mask-size <n>', 'prefix length of each node\'s pod CIDR', positive, DEFAULT_NODE_CIDR_MASK_SIZE)
    .option('--root-ca-file <file>', 'the cluster CA (PEM) published to every namespace as the ConfigMap kube-root-ca.crt', '')
    .option('--cluster-signing-cert-file <file>', 'CA certificate (PEM) that signs approved kube-apiserver-client(-kubelet) CSRs', '')
    .option('--cluster-signing-key-file <file>', 'private key (PEM) of --cluster-signing-cert-file', '')
    .option('--cluster-signing-duration <duration>', 'the longest validity of a signed certificate', parseDuration, DEFAULT_CLUSTER_SIGNING_DURATION_MS)
    .option(
      '--approve-kubelet-serving [bool]',
      'csrapproving also approves a node\'s kubelet-serving CSR when the node itself asks and every name in it is the node\'s name or one of its status.addresses (default: left for kubectl certificate approve)',
      bool,
      false,
    );
  const { common, opts: o } = parseComponentArgs(program, argv, COMPONENT_FLAGS);
  return {
    ...common,
    controllers: (o.controllers as string).split(',').map((s) => s.trim()).filter(Boolean),
    concurrentReplicaSetSyncs: o.concurrentReplicasetSyncs as number,
    concurrentDeploymentSyncs: o.concurrentDeploymentSyncs as number,
    concurrentGcSyncs: o.concurrentGcSyncs as number,
    nodeMonitorPeriodMs: o.nodeMonitorPeriod as number,
    nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriod as number,
    podEvictionPeriodMs: o.podEvictionPeriod as number,
    terminatedPodGcThreshold: o.terminatedPodGcThreshold as number,
    podGcPeriodMs: o.podGcPeriod as number,
    hpaSyncPeriodMs: o.horizontalPodAutoscalerSyncPeriod as number,
    hpaDownscaleStabilizationMs: o.horizontalPodAutoscalerDownscaleStabilization as number,
    clusterCIDR: (o.clusterCidr as string).trim(),
    nodeCIDRMaskSize: o.nodeCidrMaskSize as number,
    rootCaFile: o.rootCaFile as string,
    clusterSigningCertFile: o.clusterSigningCertFile as string,
    clusterSigningKeyFile: o.clusterSigningKeyFile as string,
    clusterSigningDurationMs: o.clusterSigningDuration as number,
    approveKubeletServing: o.approveKubeletServing as boolean,
  };
}

/** Whether `name` runs under the --controllers list, as kube-controller-manager reads it. */
export function isControllerEnabled(name: string, list: readonly string[]): boolean {
  if (list.includes(`-${name}`)) return false;
  if (list.includes(name)) return true;
  return list.includes('*');
}
