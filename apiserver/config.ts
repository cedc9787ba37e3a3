// Command-line flags of the apiserver, named as kube-apiserver names them.
import { Command, InvalidArgumentError } from 'commander';
import { AUDIT_LEVELS, type AuditLevel } from './audit/audit-log.js';
import { DEFAULT_SERVICE_CIDR, parseIpRange } from './registry/services/ip-range.js';
import { DEFAULT_NODE_PORT_RANGE, parsePortRange } from './registry/services/port-range.js';

export interface ApiServerConfig {
  etcdServers: string[];
  /** TLS towards etcd (https:// URLs): its CA, and the apiserver's client certificate and key; "" each when unused. */
  etcdCaFile: string;
  etcdCertFile: string;
  etcdKeyFile: string;
  port: number;
  healthPort: number;
  bindAddress: string;
  etcdPrefix: string;
  /** Seconds; 0 disables compaction. */
  etcdCompactionIntervalSeconds: number;
  logLevel: string;
  /** How often watchers that allow bookmarks get one. */
  watchBookmarkIntervalSeconds: number;
  /** The Kubernetes HTTP API's port; served only with a certificate and key. */
  securePort: number;
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  /** CA certificates (PEM) whose client certificates authenticate callers on HTTPS, gRPC and (with the serving certificate) the health port; "" accepts none. */
  clientCaFile: string;
  /** The apiserver's client certificate and key towards agents, and the CA their serving certificates chain to: all three, or plaintext. */
  kubeletClientCertificate: string;
  kubeletClientKey: string;
  kubeletCertificateAuthority: string;
  /** Bearer tokens, kube-apiserver's CSV format; without it every API request is 401. */
  tokenAuthFile: string;
  /** Bootstrap tokens (Secrets of type bootstrap.kubernetes.io/token in kube-system) authenticate joining nodes. */
  enableBootstrapTokenAuth: boolean;
  /** The CIDR ClusterIPs come from (kube-apiserver's flag; kubeadm's 10.96.0.0/12 by default). */
  serviceClusterIpRange: string;
  /** `30000-32767`: the ports NodePort Services get on every node. */
  serviceNodePortRange: string;
  /** The address the `kubernetes` Service's endpoints name; "" picks the bind address or the host's first. */
  advertiseAddress: string;
  /** An EncryptionConfiguration file; "" keeps every value plain in etcd. */
  encryptionProviderConfig: string;
  /** How requests are authorized: Node,RBAC (nodes by the node authorizer, then everyone by RBAC), RBAC, or AlwaysAllow (every authenticated user may do everything). */
  authorizationMode: AuthorizationMode;
  /** The private key service-account tokens are signed with; "" issues none. */
  serviceAccountSigningKeyFile: string;
  /** PEM files whose keys verify service-account tokens (the signing key's public half always does). */
  serviceAccountKeyFiles: string[];
  /** The first names new tokens' issuer; tokens from any of them are accepted. */
  serviceAccountIssuers: string[];
  /** What a token must be meant for to be accepted; the issuers when empty, as kube-apiserver. */
  apiAudiences: string[];
  /** Admission plugins turned off (of those that are on by default: ServiceAccount, NodeRestriction, DefaultTolerationSeconds). */
  disableAdmissionPlugins: AdmissionPlugin[];
  /** tolerationSeconds of the not-ready:NoExecute toleration DefaultTolerationSeconds gives pods that have none. */
  defaultNotReadyTolerationSeconds: number;
  /** The same for unreachable:NoExecute. */
  defaultUnreachableTolerationSeconds: number;
  /** JSON lines of audit events; "" keeps no audit log. */
  auditLogPath: string;
  auditPolicyLevel: AuditLevel;
}

export const ADMISSION_PLUGINS = ['ServiceAccount', 'NodeRestriction', 'DefaultTolerationSeconds'] as const;
export type AdmissionPlugin = (typeof ADMISSION_PLUGINS)[number];

function admissionPlugins(value: string, previous: AdmissionPlugin[]): AdmissionPlugin[] {
  return collect(value, previous).map((name) => {
    const plugin = ADMISSION_PLUGINS.find((p) => p === name);
    if (!plugin) throw new InvalidArgumentError(`unknown admission plugin ${JSON.stringify(name)}: expected ${ADMISSION_PLUGINS.join(', ')}`);
    return plugin;
  });
}

/** kube-apiserver's default of both --default-*-toleration-seconds: five minutes of a node outage before eviction. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** kubeadm's issuer: the in-cluster name of the apiserver. */
export const DEFAULT_SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';


/** kube-apiserver's --authorization-mode values Flotilla serves; the order of a list is the order authorizers are asked. */
export const AUTHORIZATION_MODES = ['Node,RBAC', 'RBAC', 'AlwaysAllow'] as const;
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number];
const DEFAULT_AUTHORIZATION_MODE: AuthorizationMode = 'Node,RBAC';

function authorizationMode(value: string): AuthorizationMode {
  const mode = AUTHORIZATION_MODES.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`expected one of ${AUTHORIZATION_MODES.join(', ')}`);
  return mode;
}

function auditLevel(value: string): AuditLevel {
  const level = AUDIT_LEVELS.find((l) => l === value);
  if (!level) throw new InvalidArgumentError(`expected one of ${AUDIT_LEVELS.join(', ')}`);
  return level;
}

function integer(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return Number(value);
  };
}

/** Keeps the flag's text, refusing it at parse time when `parse` throws. */
function checked(parse: (value: string) => unknown): (value: string) => string {
  return (value) => {
    try {
      parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
    return value;
  };
}

/** A flag given several times, or once with commas, as kube-apiserver's string slices. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds: a plain number, or a Go-style duration as kube-apiserver takes it (`5m`, `1m30s`). */
export function parseDurationSeconds(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(value); match; match = part.exec(value)) {
    total += Number(match[1]) * (DURATION_UNITS[match[2]] ?? 1);
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== value.length) throw new InvalidArgumentError('expected seconds, or a duration such as 5m or 1m30s');
  return total;
}

export function parseConfig(argv: string[]): ApiServerConfig {
  const program = new Command('apiserver')
    .description('The Flotilla API server: validates, defaults, versions and stores objects in etcd; serves gRPC with list and watch.')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs', 'http://127.0.0.1:2379')
    .option('--etcd-cafile <file>', 'CA (PEM) that signed etcd\'s serving certificate (https:// etcd URLs)', '')
    .option('--etcd-certfile <file>', 'client certificate (PEM) the apiserver presents to etcd; needs --etcd-keyfile', '')
    .option('--etcd-keyfile <file>', 'private key (PEM) of --etcd-certfile', '')
    .option('--port <port>', 'gRPC port', integer(0), 7443)
    .option('--health-port <port>', 'HTTP port for /healthz and /metrics', integer(0), 7444)
    .option('--bind-address <address>', 'address to listen on', '127.0.0.1')
    .option('--etcd-prefix <prefix>', 'key prefix of every object in etcd', '/registry')
    .option('--etcd-compaction-interval <seconds>', 'compact etcd history this often (0: never)', parseDurationSeconds, 300)
    .option('--watch-bookmark-interval <seconds>', 'how often watchers that allow bookmarks get one', parseDurationSeconds, 60)
    .option('--secure-port <port>', 'HTTPS port of the Kubernetes API (needs --tls-cert-file and --tls-private-key-file)', integer(0), 6443)
    .option('--tls-cert-file <file>', 'serving certificate of the HTTPS port (PEM)', '')
    .option('--tls-private-key-file <file>', 'private key of the serving certificate (PEM)', '')
    .option('--client-ca-file <file>', 'CA bundle (PEM): a client certificate it signed authenticates as user CN, groups O (HTTPS, gRPC, and /metrics of the health port, which then serves HTTPS)', '')
    .option('--kubelet-client-certificate <file>', 'client certificate (PEM) the apiserver presents to agents', '')
    .option('--kubelet-client-key <file>', 'private key (PEM) of --kubelet-client-certificate', '')
    .option('--kubelet-certificate-authority <file>', 'CA (PEM) that agents\' serving certificates must chain to', '')
    .option('--token-auth-file <file>', 'bearer tokens, one per line: token,user,uid,"group1,group2"', '')
    .option('--enable-bootstrap-token-auth', 'accept bootstrap tokens (Secrets of type bootstrap.kubernetes.io/token in kube-system) as bearer tokens', false)
    .option('--service-cluster-ip-range <cidr>', 'IPv4 CIDR the ClusterIPs of Services are allocated from', checked(parseIpRange), DEFAULT_SERVICE_CIDR)
    .option('--service-node-port-range <min-max>', 'ports NodePort Services are allocated from', checked(parsePortRange), DEFAULT_NODE_PORT_RANGE)
    .option('--advertise-address <ip>', 'the address the kubernetes Service points at (default: the bind address, or the host\'s first)', '')
    .option('--encryption-provider-config <file>', 'EncryptionConfiguration (apiserver.config.k8s.io/v1): which resources etcd holds encrypted, with which keys', '')
    .option('--authorization-mode <mode>', `how requests are authorized: ${AUTHORIZATION_MODES.join(', ')}`, authorizationMode, DEFAULT_AUTHORIZATION_MODE)
    .option('--service-account-signing-key-file <file>', 'private RSA key (PEM) service-account tokens are signed with; without it no tokens are issued', '')
    .option('--service-account-key-file <file>', 'PEM file of keys that verify service-account tokens (repeatable)', collect, [])
    .option('--service-account-issuer <url>', `issuer of service-account tokens (repeatable; the first signs) (default: ${DEFAULT_SERVICE_ACCOUNT_ISSUER})`, collect, [])
    .option('--api-audiences <list>', 'audiences a token must name to be accepted (default: the issuers)', collect, [])
    .option('--disable-admission-plugins <list>', `admission plugins to turn off: ${ADMISSION_PLUGINS.join(', ')}`, admissionPlugins, [])
    .option('--default-not-ready-toleration-seconds <seconds>', 'tolerationSeconds of the not-ready:NoExecute toleration added to every pod that has no such toleration', integer(0), DEFAULT_TOLERATION_SECONDS)
    .option('--default-unreachable-toleration-seconds <seconds>', 'tolerationSeconds of the unreachable:NoExecute toleration added to every pod that has no such toleration', integer(0), DEFAULT_TOLERATION_SECONDS)
    .option('--audit-log-path <file>', 'append an audit event (JSON line) per request to this file; never rotated', '')
    .option('--audit-policy-level <level>', `${AUDIT_LEVELS.join('|')}: None logs nothing, Metadata every write, Request every request`, auditLevel, 'Metadata')
    .option('--log-level <level>', 'pino log level', process.env.FLOTILLA_LOG_LEVEL ?? 'info')
    .allowExcessArguments(false);
  program.parse(argv, { from: 'node' });
  const opts = program.opts<{
    etcdServers: string;
    etcdCafile: string;
    etcdCertfile: string;
    etcdKeyfile: string;
    port: number;
    healthPort: number;
    bindAddress: string;
    etcdPrefix: string;
    etcdCompactionInterval: number;
    watchBookmarkInterval: number;
    logLevel: string;
    securePort: number;
    tlsCertFile: string;
    tlsPrivateKeyFile: string;
    clientCaFile: string;
    kubeletClientCertificate: string;
    kubeletClientKey: string;
    kubeletCertificateAuthority: string;
    tokenAuthFile: string;
    enableBootstrapTokenAuth: boolean;
    serviceClusterIpRange: string;
    serviceNodePortRange: string;
    advertiseAddress: string;
    encryptionProviderConfig: string;
    authorizationMode: AuthorizationMode;
    serviceAccountSigningKeyFile: string;
    serviceAccountKeyFile: string[];
    serviceAccountIssuer: string[];
    apiAudiences: string[];
    disableAdmissionPlugins: AdmissionPlugin[];
    defaultNotReadyTolerationSeconds: number;
    defaultUnreachableTolerationSeconds: number;
    auditLogPath: string;
    auditPolicyLevel: AuditLevel;
  }>();
  const issuers = opts.serviceAccountIssuer.length > 0 ? opts.serviceAccountIssuer : [DEFAULT_SERVICE_ACCOUNT_ISSUER];
  return {
    etcdServers: opts.etcdServers.split(',').map((s) => s.trim()).filter(Boolean),
    etcdCaFile: opts.etcdCafile,
    etcdCertFile: opts.etcdCertfile,
    etcdKeyFile: opts.etcdKeyfile,
    port: opts.port,
    healthPort: opts.healthPort,
    bindAddress: opts.bindAddress,
    etcdPrefix: opts.etcdPrefix,
    etcdCompactionIntervalSeconds: opts.etcdCompactionInterval,
    logLevel: opts.logLevel,
    watchBookmarkIntervalSeconds: opts.watchBookmarkInterval,
    securePort: opts.securePort,
    tlsCertFile: opts.tlsCertFile,
    tlsPrivateKeyFile: opts.tlsPrivateKeyFile,
    clientCaFile: opts.clientCaFile,
    kubeletClientCertificate: opts.kubeletClientCertificate,
    kubeletClientKey: opts.kubeletClientKey,
    kubeletCertificateAuthority: opts.kubeletCertificateAuthority,
    tokenAuthFile: opts.tokenAuthFile,
    enableBootstrapTokenAuth: opts.enableBootstrapTokenAuth,
    serviceClusterIpRange: opts.serviceClusterIpRange,
    serviceNodePortRange: opts.serviceNodePortRange,
    advertiseAddress: opts.advertiseAddress,
    encryptionProviderConfig: opts.encryptionProviderConfig,
    authorizationMode: opts.authorizationMode,
    serviceAccountSigningKeyFile: opts.serviceAccountSigningKeyFile,
    serviceAccountKeyFiles: opts.serviceAccountKeyFile,
    serviceAccountIssuers: issuers,
    apiAudiences: opts.apiAudiences.length > 0 ? opts.apiAudiences : issuers,
    disableAdmissionPlugins: opts.disableAdmissionPlugins,
    defaultNotReadyTolerationSeconds: opts.defaultNotReadyTolerationSeconds,
    defaultUnreachableTolerationSeconds: opts.defaultUnreachableTolerationSeconds,
    auditLogPath: opts.auditLogPath,
    auditPolicyLevel: opts.auditPolicyLevel,
  };
}
