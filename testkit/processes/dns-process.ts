// Starts the compiled cluster DNS (dist/dns/main.js) for e2e tests on a free
// port, publishing itself under the given kube-dns ClusterIP.
import { fileURLToPath } from 'node:url';
import type { CredentialFiles } from '../../client/api-credentials.js';
import { startComponentProcess, type ComponentProcess, type ComponentProcessOptions } from './component-process.js';
import { freePort } from './free-port.js';

export const DNS_START_TIMEOUT_MS = 30_000;
const MAIN = fileURLToPath(new URL('../../dns/main.js', import.meta.url));

export interface DnsProcess extends ComponentProcess {
  port: number;
}

export interface DnsProcessOptions extends Pick<ComponentProcessOptions, 'extraArgs' | 'tls'> {
  clusterDnsIP: string;
  forward?: boolean;
  /** What it presents to the apiserver; absent: a plaintext channel. */
  credentials?: CredentialFiles;
}

export async function startDnsProcess(apiserver: string, logDir: string, opts: DnsProcessOptions): Promise<DnsProcess> {
  const port = await freePort();
  const proc = await startComponentProcess({ component: 'dns', main: MAIN, startTimeoutMs: DNS_START_TIMEOUT_MS }, apiserver, logDir, {
    extraArgs: ['--port', String(port), '--cluster-dns-ip', opts.clusterDnsIP, '--forward', String(opts.forward ?? false), ...(opts.extraArgs ?? [])],
    tls: opts.tls,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
  return { ...proc, port };
}
