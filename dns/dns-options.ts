// The DNS server's command line.
import { Command, InvalidArgumentError } from 'commander';
import { isIPv4 } from 'node:net';
import type { ApiCredentials } from '../client/api-credentials.js';
import { addCredentialFlags, readCredentialFlags } from '../client/component-flags.js';
import { detectHostIPv4 } from '../client/host-address.js';
import { addServingTlsFlags, readServingTlsFlags, type ServingTlsFiles } from '../client/serving-tls.js';
import { DEFAULT_CLUSTER_DOMAIN } from './dns-answer.js';
import { DEFAULT_CLUSTER_DNS_IP } from './kube-dns-service.js';

export const DEFAULT_APISERVER = '127.0.0.1:7443';
export const DEFAULT_DNS_PORT = 53;
export const DEFAULT_HEALTH_PORT = 10054;

export interface DnsOptions {
  apiserver: string;
  credentials: ApiCredentials;
  listenAddress: string;
  port: number;
  advertiseAddress: string;
  clusterDomain: string;
  clusterDnsIP: string;
  /** Relay names outside the cluster domain to the host's resolver. */
  forward: boolean;
  /** The resolver to relay to; absent: the first nameserver of /etc/resolv.conf. */
  upstream?: string;
  healthPort: number;
  /** TLS of the health port; all empty: plain HTTP. */
  servingTls: ServingTlsFiles;
}

function port(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || String(n) !== value) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function ipv4(value: string): string {
  if (!isIPv4(value)) throw new InvalidArgumentError('must be an IPv4 address');
  return value;
}

function bool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('must be true or false');
}

export function parseDnsOptions(argv: string[]): DnsOptions {
  const program = addCredentialFlags(
    new Command('flotilla-dns')
      .description('The Flotilla cluster DNS: answers cluster.local names from Services and EndpointSlices')
      .option('--apiserver <host:port>', 'apiserver gRPC address', DEFAULT_APISERVER),
  )
    .option('--listen-address <ip>', 'address to serve DNS on, UDP and TCP (default: the advertise address)', ipv4)
    .option('--port <port>', 'DNS port (0: any free port)', port, DEFAULT_DNS_PORT)
    .option('--advertise-address <ip>', 'address of this host the kube-dns endpoints point at; pods must reach it (default: the host address)', ipv4)
    .option('--cluster-domain <domain>', 'the cluster domain', DEFAULT_CLUSTER_DOMAIN)
    .option('--cluster-dns-ip <ip>', 'ClusterIP of the kube-dns Service, from the service CIDR', ipv4, DEFAULT_CLUSTER_DNS_IP)
    .option('--forward <bool>', 'relay other names to the upstream resolver', bool, true)
    .option('--upstream <ip>', 'upstream resolver (default: the first nameserver of /etc/resolv.conf)')
    .option('--health-port <port>', '/healthz and /metrics port (0: any free port)', port, DEFAULT_HEALTH_PORT);
  addServingTlsFlags(program, 'the health port')
    .exitOverride()
    .parse(argv, { from: 'user' });
  // commander camel-cases --cluster-dns-ip as clusterDnsIp.
  const o = program.opts<Omit<DnsOptions, 'advertiseAddress' | 'listenAddress' | 'clusterDnsIP' | 'credentials' | 'servingTls'> & ServingTlsFiles & { advertiseAddress?: string; listenAddress?: string; clusterDnsIp: string }>();
  const { apiserver, forward, upstream, healthPort } = o;
  const advertiseAddress = o.advertiseAddress ?? detectHostIPv4();
  // Pods reach the server through a DNAT to the advertise address; a UDP socket
  // on 0.0.0.0 would answer from the address facing the pod's bridge instead,
  // which conntrack cannot match to the query, so the pod drops the answer.
  const listenAddress = o.listenAddress ?? advertiseAddress;
  return {
    apiserver,
    credentials: readCredentialFlags(program),
    port: o.port,
    forward,
    ...(upstream !== undefined ? { upstream } : {}),
    healthPort,
    servingTls: readServingTlsFlags(o),
    clusterDnsIP: o.clusterDnsIp,
    advertiseAddress,
    listenAddress,
    clusterDomain: o.clusterDomain.replace(/\.$/, '').toLowerCase(),
  };
}
