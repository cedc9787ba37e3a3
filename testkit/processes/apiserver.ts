// Starts the real apiserver process (compiled, from dist/) against a test etcd;
// with `https: true` also its Kubernetes HTTP API, with credentials and a
// kubeconfig made by the same scripts deploy/up.sh runs. The serving
// certificate makes the gRPC port TLS too and the PKI's CA is the client CA
// (so the health port serves TLS as well): client() then speaks TLS as admin by
// token, or (`secureGrpc: true`) by the admin's client certificate.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../../client/api-client.js';
import type { ApiCredentials } from '../../client/api-credentials.js';
import { createPki, writeKubeconfig } from '../credentials.js';
import { httpsGet } from '../https-get.js';
import { healthPortGet, healthzOk } from '../health-probe.js';
import { clientCredentialFiles, credentialArgs, type ClientIdentity } from '../client-credentials.js';
import type { HttpsResponse } from '../https-get.js';
import type { EtcdClientTls } from './etcd.js';
import { freePort } from './free-port.js';
import { mallocEnvFor } from './control-plane-malloc.js';
import { nodeArgsFor } from './node-args.js';
import { registerSecureApiserver, unregisterSecureApiserver } from './secure-apiservers.js';
import { exitedError, startProcess, waitFor, type ManagedProcess } from './child-process.js';

export const APISERVER_START_TIMEOUT_MS = 20_000;
const APISERVER_MAIN = fileURLToPath(new URL('../../apiserver/main.js', import.meta.url));

export interface TestApiServer {
  address: string;
  grpcPort: number;
  healthPort: number;
  /** With `https: true`: the port of the Kubernetes HTTP API (https://127.0.0.1:<port>). */
  httpsPort?: number;
  /** With `https: true`: the cluster CA that signed the serving certificate (PEM file). */
  caFile?: string;
  /** With `https: true`: the admin's bearer token (group system:masters). */
  token?: string;
  /** With `https: true`: a kubeconfig for kubectl, as deploy/up.sh writes it (cluster and context flotilla, user admin). */
  kubeconfigPath?: string;
  /** With `https: true`: the folder deploy/pki.sh issued into (admin.crt, scheduler.crt, ...). */
  pkiDir?: string;
  /** What client() shows the gRPC port; undefined when it is plaintext. */
  credentials?: ApiCredentials;
  /**
   * A component's gRPC client flags (kubectl's names) for a certificate of the PKI
   * (`scheduler`, `controller-manager`, `dns`, `admin`); none when gRPC is plaintext.
   */
  componentArgs(stem: ClientIdentity): string[];
  /** GET on the health port (/healthz, /metrics): over HTTPS with the admin's certificate when the port serves TLS. */
  health(path: string): Promise<HttpsResponse>;
  process: ManagedProcess;
  client(): ApiClient;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  grpcPort?: number;
  healthPort?: number;
  extraArgs?: string[];
  name?: string;
  /**
   * Also serve the Kubernetes HTTP API: deploy/pki.sh issues the credentials
   * into the log dir, the apiserver gets --secure-port (a free port unless
   * securePort says), --tls-cert-file, --tls-private-key-file and
   * --token-auth-file, and the start waits until the HTTPS port answers.
   */
  https?: boolean;
  securePort?: number;
  /** With `https: true`: the credentials folder (made or kept by deploy/pki.sh); a fresh one under the log dir unless given. */
  pkiDir?: string;
  /** The CA and client certificate towards a TLS etcd (`startEtcd(dir, { tls: true })`'s `tls`): --etcd-cafile, --etcd-certfile, --etcd-keyfile. */
  etcdClient?: EtcdClientTls;
  /** With `https: true`: more names and addresses the serving certificate covers (deploy/pki.sh's extras), e.g. the kubernetes Service's ClusterIP. */
  servingNames?: readonly string[];
  /** With `https: true`: more lines of the token file (`token,user,uid,"group1,group2"`), beside the admin's. */
  extraTokens?: readonly string[];
  /**
   * With `https: true`: pods get the ServiceAccount admission (a default account that must
   * exist, a token volume that needs kube-root-ca.crt), so only for clusters whose
   * controller-manager makes both; off otherwise, and tokens are issued either way.
   */
  serviceAccountAdmission?: boolean;
  /**
   * Implies `https: true`; client() presents the admin's client certificate
   * (CN=kubernetes-admin, O=system:masters) instead of its token.
   */
  secureGrpc?: boolean;
}

interface HttpsSetup {
  httpsPort: number;
  caFile: string;
  token: string;
  kubeconfigPath: string;
  pkiDir: string;
  args: string[];
  credentials: ApiCredentials;
}

/** The admin's gRPC credentials: its client certificate with a client CA, its token without. */
async function adminCredentials(pkiDir: string, caFile: string, token: string, secureGrpc: boolean): Promise<ApiCredentials> {
  const certificateAuthority = await readFile(caFile);
  if (!secureGrpc) return { certificateAuthority, token };
  const [clientCertificate, clientKey] = await Promise.all([readFile(join(pkiDir, 'admin.crt')), readFile(join(pkiDir, 'admin.key'))]);
  return { certificateAuthority, clientCertificate, clientKey };
}

/** The credentials, port, flags and kubeconfig of the HTTPS port, in a folder of its own under logDir. */
async function prepareHttps(name: string, logDir: string, opts: ApiServerOptions): Promise<HttpsSetup> {
  const { securePort, extraTokens = [], servingNames = [] } = opts;
  const pki = await createPki(opts.pkiDir ?? join(logDir, `${name}-pki`), servingNames);
  if (extraTokens.length > 0) await appendFile(pki.tokenAuthFile, extraTokens.map((line) => `${line}\n`).join(''));
  const httpsPort = securePort ?? (await freePort());
  // Beside the credentials, so kubectl's cache (see runKubectl) is this apiserver's alone.
  const kubeconfigPath = await writeKubeconfig({
    server: `https://127.0.0.1:${httpsPort}`,
    caFile: pki.caFile,
    tokenFile: pki.tokenFile,
    out: join(pki.dir, 'kubeconfig'),
  });
  const secureGrpc = opts.secureGrpc ?? false;
  // The serving file carries its CA, as deploy/pki.sh's apiserver-chain.crt does: a joining node pins that chain.
  const servingChain = join(pki.dir, 'apiserver-chain.crt');
  await writeFile(servingChain, Buffer.concat([await readFile(pki.certFile), await readFile(pki.caFile)]));
  return {
    httpsPort,
    caFile: pki.caFile,
    token: pki.token,
    kubeconfigPath,
    pkiDir: pki.dir,
    credentials: await adminCredentials(pki.dir, pki.caFile, pki.token, secureGrpc),
    args: [
      // As deploy/up.sh's apiserver: every component and flotctl the testkit starts presents its own certificate.
      '--client-ca-file', pki.caFile,
      '--secure-port', String(httpsPort), '--tls-cert-file', servingChain, '--tls-private-key-file', pki.keyFile, '--token-auth-file', pki.tokenAuthFile,
      '--service-account-signing-key-file', pki.saKeyFile, '--service-account-key-file', pki.saPubFile,
      ...(opts.serviceAccountAdmission ? [] : ['--disable-admission-plugins', 'ServiceAccount']),
    ],
  };
}

/**
 * Starts an apiserver on free ports. A free port can be taken by another
 * process between the probe and the apiserver's bind; then it starts once more
 * on fresh ports (only when the caller chose none).
 */
export async function startApiServer(etcdEndpoint: string, logDir: string, opts: ApiServerOptions = {}): Promise<TestApiServer> {
  try {
    return await startApiServerOnce(etcdEndpoint, logDir, opts);
  } catch (err) {
    const portsChosen = opts.grpcPort !== undefined || opts.healthPort !== undefined || opts.securePort !== undefined || opts.name !== undefined;
    if (portsChosen || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) throw err;
    return startApiServerOnce(etcdEndpoint, logDir, opts);
  }
}

async function startApiServerOnce(etcdEndpoint: string, logDir: string, opts: ApiServerOptions): Promise<TestApiServer> {
  const grpcPort = opts.grpcPort ?? (await freePort());
  const healthPort = opts.healthPort ?? (await freePort());
  const name = opts.name ?? `apiserver-${grpcPort}`;
  const https = opts.https || opts.secureGrpc ? await prepareHttps(name, logDir, opts) : undefined;
  const serverArgs = [...(https?.args ?? []), ...(opts.extraArgs ?? [])];
  const proc = startProcess(
    name,
    process.execPath,
    [
      ...nodeArgsFor('apiserver'),
      APISERVER_MAIN,
      '--etcd-servers', etcdEndpoint,
      ...(opts.etcdClient ? ['--etcd-cafile', opts.etcdClient.caFile, '--etcd-certfile', opts.etcdClient.certFile, '--etcd-keyfile', opts.etcdClient.keyFile] : []),
      '--port', String(grpcPort),
      '--health-port', String(healthPort),
      ...serverArgs,
    ],
    logDir,
    mallocEnvFor('apiserver'),
  );
  // A client CA beside the serving certificate makes the health port HTTPS too.
  const healthTls = https && serverArgs.includes('--client-ca-file') ? { ca: await readFile(https.caFile) } : undefined;
  await waitFor(
    'apiserver /healthz',
    async () => {
      if (proc.child.exitCode !== null) throw exitedError(proc);
      return healthzOk(healthPort, healthTls);
    },
    APISERVER_START_TIMEOUT_MS,
  );
  if (https) {
    const ca = await readFile(https.caFile);
    // Any HTTP answer over a verified TLS connection means the port serves;
    // whether the path or token is accepted is for the tests to check.
    await waitFor(
      `apiserver HTTPS port ${https.httpsPort}`,
      async () => {
        if (proc.child.exitCode !== null) throw exitedError(proc);
        return (await httpsGet(`https://127.0.0.1:${https.httpsPort}/healthz`, { ca, token: https.token })).status > 0;
      },
      APISERVER_START_TIMEOUT_MS,
    ).catch(async (err: unknown) => {
      await proc.stop();
      throw err;
    });
  }
  const address = `127.0.0.1:${grpcPort}`;
  if (https) registerSecureApiserver(address, https.pkiDir);
  const clients: ApiClient[] = [];
  return {
    address,
    grpcPort,
    healthPort,
    ...(https
      ? { httpsPort: https.httpsPort, caFile: https.caFile, token: https.token, kubeconfigPath: https.kubeconfigPath, pkiDir: https.pkiDir, credentials: https.credentials }
      : {}),
    process: proc,
    componentArgs: (stem) => (https ? credentialArgs(clientCredentialFiles(https.pkiDir, stem)) : []),
    health: async (path) => {
      if (!healthTls || !https) return healthPortGet(healthPort, path);
      const [cert, key] = await Promise.all([readFile(join(https.pkiDir, 'admin.crt')), readFile(join(https.pkiDir, 'admin.key'))]);
      return healthPortGet(healthPort, path, { ...healthTls, cert, key });
    },
    client: () => {
      const c = new ApiClient(address, undefined, https?.credentials);
      clients.push(c);
      return c;
    },
    stop: async () => {
      for (const c of clients) c.close();
      unregisterSecureApiserver(address);
      await proc.stop();
    },
  };
}
