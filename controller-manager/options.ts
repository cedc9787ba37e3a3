// Command-line flags, named as kube-controller-manager's where it has them.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';

export const DEFAULT_HEALTH_PORT = 10257;
export const DEFAULT_APISERVER = '127.0.0.1:6443';
export const DEFAULT_LEASE_NAME = 'kube-controller-manager';

export interface ControllerManagerFlags {
  apiserver: string;
  healthPort: number;
  healthAddress: string;
  leaderElect: boolean;
  leaseName: string;
  leaseNamespace: string;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  identity: string;
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
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

function positive(value: string): number {
  const n = integer(value);
  if (n === 0) throw new InvalidArgumentError('must be at least 1');
  return n;
}

function bool(value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('expected true or false');
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Go-style durations as Kubernetes flags take them: `500ms`, `5s`, `1m30s`. */
export function parseDuration(value: string): number {
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 500ms, 40s, 5m)`);
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return Math.round(total);
}

export function parseFlags(argv: string[]): ControllerManagerFlags {
  const program = new Command('flotilla-controller-manager')
    .description('Runs the workload, garbage collection and node controllers.')
    .option('--apiserver <host:port>', 'apiserver gRPC address', DEFAULT_APISERVER)
    .option('--health-port <port>', '/healthz and /metrics port (0: any free port)', integer, DEFAULT_HEALTH_PORT)
    .option('--health-address <ip>', 'address /healthz and /metrics listen on', '127.0.0.1')
    .option('--leader-elect [bool]', 'take the Lease lock before running controllers', bool, true)
    .option('--leader-elect-resource-name <name>', 'name of the Lease', DEFAULT_LEASE_NAME)
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the Lease', 'kube-system')
    .option('--leader-elect-lease-duration <duration>', 'lease duration', parseDuration, 15_000)
    .option('--leader-elect-renew-deadline <duration>', 'renew deadline', parseDuration, 10_000)
    .option('--leader-elect-retry-period <duration>', 'retry period', parseDuration, 2_000)
    .option('--identity <id>', 'leader election identity (default: hostname_random)')
    .option('--controllers <list>', 'controllers to run: * for all, name to add one, -name to leave one out', '*')
    .option('--concurrent-replicaset-syncs <n>', 'ReplicaSets synced at once', positive, 5)
    .option('--concurrent-deployment-syncs <n>', 'Deployments synced at once', positive, 5)
    .option('--concurrent-gc-syncs <n>', 'garbage collector workers', positive, 20)
    .option('--node-monitor-period <duration>', 'how often node health is checked', parseDuration, 5_000)
    .option('--node-monitor-grace-period <duration>', 'a node whose lease is older than this is Ready=Unknown', parseDuration, 40_000)
    .option('--pod-eviction-period <duration>', 'how often pods on unreachable nodes are checked against their tolerations', parseDuration, 1_000)
    .option('--terminated-pod-gc-threshold <n>', 'terminated pods kept before the oldest are deleted (0: no limit)', integer, 12_500)
    .option('--pod-gc-period <duration>', 'how often the pod garbage collector runs', parseDuration, 20_000)
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const o = program.opts<Record<string, unknown>>();
  return {
    apiserver: o.apiserver as string,
    healthPort: o.healthPort as number,
    healthAddress: o.healthAddress as string,
    leaderElect: o.leaderElect as boolean,
    leaseName: o.leaderElectResourceName as string,
    leaseNamespace: o.leaderElectResourceNamespace as string,
    leaseDurationSeconds: Math.max(1, Math.round((o.leaderElectLeaseDuration as number) / 1000)),
    renewDeadlineMs: o.leaderElectRenewDeadline as number,
    retryPeriodMs: o.leaderElectRetryPeriod as number,
    identity: (o.identity as string | undefined) ?? `${hostname()}_${randomBytes(4).toString('hex')}`,
    controllers: (o.controllers as string).split(',').map((s) => s.trim()).filter(Boolean),
    concurrentReplicaSetSyncs: o.concurrentReplicasetSyncs as number,
    concurrentDeploymentSyncs: o.concurrentDeploymentSyncs as number,
    concurrentGcSyncs: o.concurrentGcSyncs as number,
    nodeMonitorPeriodMs: o.nodeMonitorPeriod as number,
    nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriod as number,
    podEvictionPeriodMs: o.podEvictionPeriod as number,
    terminatedPodGcThreshold: o.terminatedPodGcThreshold as number,
    podGcPeriodMs: o.podGcPeriod as number,
  };
}

/** Whether `name` runs under the --controllers list, as kube-controller-manager reads it. */
export function isControllerEnabled(name: string, list: readonly string[]): boolean {
  if (list.includes(`-${name}`)) return false;
  if (list.includes(name)) return true;
  return list.includes('*');
}
