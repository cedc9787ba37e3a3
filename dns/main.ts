// flotilla-dns: the cluster DNS. A host process beside the apiserver rather
// than pods, so it needs no image and is up before any pod asks: it serves on
// a host address every pod can reach and publishes itself as the Service
// kube-system/kube-dns (10.96.0.10), which the node proxies route to it.
import { Registry } from 'prom-client';
import { ApiClient } from '../client/api-client.js';
import { parseOrExit } from '../client/command-line.js';
import { startHealthServer } from '../client/health-server.js';
import { loadServingTls } from '../client/serving-tls.js';
import { createLogger } from '../client/logger.js';
import { installProcessGuard } from '../client/process-guard.js';
import { exitOnShutdownSignal } from '../client/shutdown-signals.js';
import { ClusterView } from './cluster-view.js';
import { hostNameserver, UdpForwarder, type Forwarder } from './dns-forwarder.js';
import { parseDnsOptions, type DnsOptions } from './dns-options.js';
import { startDnsServer } from './dns-server.js';
import { publishKubeDns } from './kube-dns-service.js';

/** How long startup waits for the first Service and EndpointSlice lists. */
const CACHE_SYNC_TIMEOUT_MS = 120_000;

const logger = createLogger('dns');
installProcessGuard(logger);

async function forwarder(opts: DnsOptions): Promise<Forwarder | undefined> {
  if (!opts.forward) return undefined;
  const upstream = opts.upstream ?? (await hostNameserver());
  if (!upstream) logger.warn('no nameserver in /etc/resolv.conf; names outside the cluster domain are refused');
  return upstream ? new UdpForwarder(upstream) : undefined;
}

async function main(): Promise<void> {
  const opts = parseOrExit(parseDnsOptions);
  const healthTls = await loadServingTls(opts.servingTls);
  const client = new ApiClient(opts.apiserver, 'dns', opts.credentials);
  const view = new ClusterView(client, logger);
  const closers: (() => Promise<void>)[] = [];
  exitOnShutdownSignal(logger, { stopping: 'stopping', failed: 'stop failed' }, async () => {
    for (const close of closers.reverse()) await close();
    client.close();
  });
  await view.start(CACHE_SYNC_TIMEOUT_MS);
  closers.push(() => view.stop());
  const server = await startDnsServer({ host: opts.listenAddress, port: opts.port, domain: opts.clusterDomain, view, forwarder: await forwarder(opts), logger });
  closers.push(() => server.close());
  const clusterIP = await publishKubeDns(client, { clusterIP: opts.clusterDnsIP, address: opts.advertiseAddress, port: server.port });
  if (clusterIP !== opts.clusterDnsIP) logger.warn({ clusterIP, wanted: opts.clusterDnsIP }, 'kube-dns already has another ClusterIP; pods must use that one');
  const health = await startHealthServer(opts.healthPort, new Registry(), () => view.hasSynced(), undefined, {}, healthTls);
  closers.push(() => health.close());
  logger.info({ port: server.port, advertise: opts.advertiseAddress, clusterIP, healthPort: health.port, domain: opts.clusterDomain }, 'cluster DNS serving');
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'dns failed to start');
  process.exit(1);
});
