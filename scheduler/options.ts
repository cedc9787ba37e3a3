// Command-line flags, named as kube-scheduler's where it has them.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_SERVER, SERVER_ENV } from '../client/cluster-config.js';
import { DEFAULT_SCHEDULER_NAME } from './scheduler.js';

export const DEFAULT_HEALTH_PORT = 10259;
export const DEFAULT_LEASE_NAME = 'kube-scheduler';

export interface SchedulerFlags {
  apiserver: string;
  healthPort: number;
  healthAddress: string;
  leaderElect: boolean;
  leaseName: string;
  leaseNamespace: string;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  schedulerName: string;
  identity: string;
  percentageOfNodesToScore: number;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

function bool(value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('expected true or false');
}

export function defaultIdentity(): string {
  return `${hostname()}_${randomBytes(4).toString('hex')}`;
}

export function parseFlags(argv: string[]): SchedulerFlags {
  const program = new Command('flotilla-scheduler')
    .description('Places pending pods on nodes.')
    .option('--apiserver <host:port>', `apiserver gRPC address (default: $${SERVER_ENV}, else ${DEFAULT_SERVER})`)
    .option('--health-port <port>', '/healthz and /metrics port (0: any free port)', integer, DEFAULT_HEALTH_PORT)
    .option('--health-address <ip>', 'address /healthz and /metrics listen on', '127.0.0.1')
    .option('--leader-elect [bool]', 'take the Lease lock before scheduling', bool, true)
    .option('--leader-elect-resource-name <name>', 'name of the Lease', DEFAULT_LEASE_NAME)
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the Lease', 'kube-system')
    .option('--leader-elect-lease-duration <seconds>', 'lease duration', integer, 15)
    .option('--leader-elect-renew-deadline <ms>', 'renew deadline', integer, 10_000)
    .option('--leader-elect-retry-period <ms>', 'retry period', integer, 2_000)
    .option('--scheduler-name <name>', 'pods with this spec.schedulerName are ours', DEFAULT_SCHEDULER_NAME)
    .option('--identity <id>', 'leader election identity (default: hostname_random)')
    .option('--percentage-of-nodes-to-score <pct>', '0: adaptive as kube-scheduler', integer, 0)
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const o = program.opts<Record<string, unknown>>();
  return {
    apiserver: (o.apiserver as string | undefined) || process.env[SERVER_ENV] || DEFAULT_SERVER,
    healthPort: o.healthPort as number,
    healthAddress: o.healthAddress as string,
    leaderElect: o.leaderElect as boolean,
    leaseName: o.leaderElectResourceName as string,
    leaseNamespace: o.leaderElectResourceNamespace as string,
    leaseDurationSeconds: o.leaderElectLeaseDuration as number,
    renewDeadlineMs: o.leaderElectRenewDeadline as number,
    retryPeriodMs: o.leaderElectRetryPeriod as number,
    schedulerName: o.schedulerName as string,
    identity: (o.identity as string | undefined) ?? defaultIdentity(),
    percentageOfNodesToScore: o.percentageOfNodesToScore as number,
  };
}
