// Flags every control-plane process takes (apiserver address and credentials,
// health server, leader election, identity), named as the Kubernetes components name them.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { CREDENTIAL_FLAGS, CredentialsError, loadApiCredentials, type ApiCredentials, type CredentialFiles } from './api-credentials.js';
import { DEFAULT_SERVER, SERVER_ENV } from './cluster-config.js';
import { addServingTlsFlags, readServingTlsFlags, type ServingTlsFiles } from './serving-tls.js';
import { DEFAULT_LEASE_DURATION_SECONDS, DEFAULT_LEASE_NAMESPACE, DEFAULT_RENEW_DEADLINE_MS, DEFAULT_RETRY_PERIOD_MS } from './leader-election.js';

const DEFAULT_HEALTH_ADDRESS = '127.0.0.1';
const MS_PER_SECOND = 1_000;

export interface ComponentFlags {
  apiserver: string;
  /** What the component presents to the apiserver (kubectl's --certificate-authority, --client-*, --token). */
  credentials: ApiCredentials;
  healthPort: number;
  healthAddress: string;
  leaderElect: boolean;
  leaseName: string;
  leaseNamespace: string;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  identity: string;
  /** TLS of the health port; all empty: plain HTTP. */
  servingTls: ServingTlsFiles;
}

export interface ComponentFlagSpec {
  healthPort: number;
  leaseName: string;
  /** Ends the --leader-elect help: "take the Lease lock before <purpose>". */
  leaderElectPurpose: string;
  /** A fixed --apiserver default; without one: $FLOTILLA_SERVER, else the cluster default. */
  apiserverDefault?: string;
  /**
   * How the lease timings are written: `duration` as Go durations (`15s`, `500ms`),
   * `integer` as whole seconds (lease duration) and milliseconds (renew deadline, retry period).
   */
  leaseTimings: 'duration' | 'integer';
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

export function positive(value: string): number {
  const n = integer(value);
  if (n === 0) throw new InvalidArgumentError('must be at least 1');
  return n;
}

export function bool(value: string | undefined): boolean {
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

export function defaultIdentity(): string {
  return `${hostname()}_${randomBytes(4).toString('hex')}`;
}

function addLeaseTimingFlags(program: Command, timings: ComponentFlagSpec['leaseTimings']): void {
  if (timings === 'duration') {
    program
      .option('--leader-elect-lease-duration <duration>', 'lease duration', parseDuration, DEFAULT_LEASE_DURATION_SECONDS * MS_PER_SECOND)
      .option('--leader-elect-renew-deadline <duration>', 'renew deadline', parseDuration, DEFAULT_RENEW_DEADLINE_MS)
      .option('--leader-elect-retry-period <duration>', 'retry period', parseDuration, DEFAULT_RETRY_PERIOD_MS);
    return;
  }
  program
    .option('--leader-elect-lease-duration <seconds>', 'lease duration', integer, DEFAULT_LEASE_DURATION_SECONDS)
    .option('--leader-elect-renew-deadline <ms>', 'renew deadline', integer, DEFAULT_RENEW_DEADLINE_MS)
    .option('--leader-elect-retry-period <ms>', 'retry period', integer, DEFAULT_RETRY_PERIOD_MS);
}

/** kubectl's global credential flags, for every process that calls the apiserver. */
export function addCredentialFlags(program: Command): Command {
  return program
    .option(`${CREDENTIAL_FLAGS.certificateAuthority} <file>`, 'CA (PEM) the apiserver\'s certificate is checked against; given, the channel is TLS')
    .option(`${CREDENTIAL_FLAGS.clientCertificate} <file>`, 'client certificate (PEM) presented to the apiserver')
    .option(`${CREDENTIAL_FLAGS.clientKey} <file>`, 'private key (PEM) of --client-certificate')
    .option(`${CREDENTIAL_FLAGS.token} <token>`, 'bearer token for the apiserver (needs --certificate-authority)');
}

/**
 * Loads what addCredentialFlags read after `program` parsed; a missing or
 * mismatched file is reported as commander reports a bad flag.
 */
export function readCredentialFlags(program: Command): ApiCredentials {
  const { certificateAuthority, clientCertificate, clientKey, token } = program.opts<CredentialFiles>();
  try {
    return loadApiCredentials({ certificateAuthority, clientCertificate, clientKey, token });
  } catch (err) {
    if (err instanceof CredentialsError) program.error(`error: ${err.message}`);
    throw err;
  }
}

/** Adds --apiserver and its credential flags, --health-*, --tls-cert-file and its kin, --leader-elect* and --identity to `program`. */
export function addComponentFlags(program: Command, spec: ComponentFlagSpec): Command {
  if (spec.apiserverDefault !== undefined) program.option('--apiserver <host:port>', 'apiserver gRPC address', spec.apiserverDefault);
  else program.option('--apiserver <host:port>', `apiserver gRPC address (default: $${SERVER_ENV}, else ${DEFAULT_SERVER})`);
  addCredentialFlags(program);
  program
    .option('--health-port <port>', '/healthz and /metrics port (0: any free port)', integer, spec.healthPort)
    .option('--health-address <ip>', 'address /healthz and /metrics listen on', DEFAULT_HEALTH_ADDRESS);
  addServingTlsFlags(program, 'the health port')
    .option('--leader-elect [bool]', `take the Lease lock before ${spec.leaderElectPurpose}`, bool, true)
    .option('--leader-elect-resource-name <name>', 'name of the Lease', spec.leaseName)
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the Lease', DEFAULT_LEASE_NAMESPACE);
  addLeaseTimingFlags(program, spec.leaseTimings);
  return program.option('--identity <id>', 'leader election identity (default: hostname_random)');
}

/**
 * Parses `argv` with `program` (addComponentFlags plus the component's own flags):
 * the common flags, and every option as commander read it for the rest.
 */
export function parseComponentArgs(program: Command, argv: readonly string[], spec: ComponentFlagSpec): { common: ComponentFlags; opts: Record<string, unknown> } {
  program.exitOverride();
  program.parse([...argv], { from: 'user' });
  const opts = program.opts<Record<string, unknown>>();
  return { common: readComponentFlags(opts, spec, readCredentialFlags(program)), opts };
}

/** Reads what addComponentFlags added from `program.opts()`, with the credentials readCredentialFlags loaded. */
export function readComponentFlags(o: Record<string, unknown>, spec: ComponentFlagSpec, credentials: ApiCredentials): ComponentFlags {
  const leaseDuration = o.leaderElectLeaseDuration as number;
  return {
    credentials,
    apiserver: spec.apiserverDefault !== undefined ? (o.apiserver as string) : (o.apiserver as string | undefined) || process.env[SERVER_ENV] || DEFAULT_SERVER,
    healthPort: o.healthPort as number,
    healthAddress: o.healthAddress as string,
    leaderElect: o.leaderElect as boolean,
    leaseName: o.leaderElectResourceName as string,
    leaseNamespace: o.leaderElectResourceNamespace as string,
    leaseDurationSeconds: spec.leaseTimings === 'duration' ? Math.max(1, Math.round(leaseDuration / MS_PER_SECOND)) : leaseDuration,
    renewDeadlineMs: o.leaderElectRenewDeadline as number,
    retryPeriodMs: o.leaderElectRetryPeriod as number,
    identity: (o.identity as string | undefined) ?? defaultIdentity(),
    servingTls: readServingTlsFlags(o),
  };
}
