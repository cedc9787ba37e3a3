// Wires the apiserver together: etcd, registry, watches, gRPC, the Kubernetes
// HTTP API (HTTPS), health and metrics, compaction and the namespace sweep;
// and takes it apart again.
import * as grpc from '@grpc/grpc-js';
import { apiServiceConstructor, MAX_MESSAGE_BYTES, type ApiHandlers } from '../client/grpc-definition.js';
import { startHealthServer, type HealthServer } from '../client/health-server.js';
import type { Logger } from '../client/logger.js';
import type { ApiServerConfig } from './config.js';
import { ApiService } from './grpc/api-service.js';
import { AuditLog } from './audit/audit-log.js';
import { signerAuthorizationHook } from './certificates/signer-authorization.js';
import { resources } from '../api/resources.js';
import { HttpApi } from './http/http-api.js';
import { startHttpsServer, type RunningHttpsServer } from './http/https-server.js';
import { createMetrics } from './metrics.js';
import type { RegistryContext } from './registry/context.js';
import { ensureSystemNamespaces, NamespaceTerminator } from './registry/namespace-lifecycle.js';
import { Registry } from './registry/registry.js';
import { Compactor } from './storage/compactor.js';
import { EtcdStore } from './storage/etcd-store.js';
import { loadEtcdCredentials } from './storage/etcd-tls.js';
import { encryptionAtRest } from './storage/encryption/index.js';
import { KeySpace } from './storage/keys.js';
import { LeasePool } from './storage/lease-pool.js';
import { WatchService } from './watch/watch-service.js';
import { AgentClientPool } from './streaming/agent-client-pool.js';
import { loadKubeletClientCredentials } from './streaming/kubelet-client-tls.js';
import { healthPortTls } from './health-port-tls.js';
import { MetricsApi } from './metrics/metrics-api.js';
import { metricsListHandler } from './metrics/metrics-grpc.js';
import { METRICS_RESOURCES } from './metrics/metrics-resources.js';
import { metricsRoute } from './metrics/metrics-routes.js';
import { SummaryScraper } from './metrics/summary-scraper.js';
import { PodStreamingService } from './streaming/pod-streaming-service.js';
import { discoveryRoutes, versionRoute } from './http/discovery/index.js';
import { openApiRoutes } from './http/openapi/index.js';
import { openApiV2Route } from './http/openapi-v2/index.js';
import { podExecUpgrade, podLogRoute, podPortForwardUpgrade } from './http/pod-streams/index.js';
import { SERVED_DEFINITIONS } from '../api/kinds/served-versions.js';
import { firstServiceIp, parseIpRange } from './registry/services/ip-range.js';
import { parsePortRange } from './registry/services/port-range.js';
import { advertisedAddress, ensureKubernetesService } from './registry/services/kubernetes-service.js';
import { serviceWriteHooks } from './registry/services/service-allocator.js';
import { ApiServerLeases } from './registry/services/apiserver-leases.js';
import { InProcessSource } from './watch/in-process-source.js';
import { startAuthorization, type RunningAuthorization } from './authorization/authorization-modes.js';
import { admitNodeRestriction } from './registry/admission/node-restriction.js';
import { admitValidating } from './registry/admission/validating.js';
import { DeferredAuthorizer } from './authorization/deferred-authorizer.js';
import { loadAuthentication, type Authentication } from './authentication/authentication-setup.js';
import { CallGate } from './grpc/call-gate.js';
import { guardedHandlers } from './grpc/guarded-handlers.js';
import { grpcServerCredentials } from './grpc/grpc-tls.js';
import { ensureBootstrapPolicy } from './authorization/bootstrap-roles.js';
import { REVIEW_RESOURCES, reviewRoutes } from './authorization/review-routes.js';
import { serviceAccountTokenOptions } from './serviceaccount/service-account-tokens.js';
import { createTokenHandler } from './serviceaccount/token-grpc.js';
import { TokenIssuer } from './serviceaccount/token-issuer.js';
import { tokenRequestRoute } from './serviceaccount/token-route.js';

/** Pause between attempts to reach etcd at start-up. */
export const STARTUP_RETRY_INTERVAL_MS = 500;
/** How long in-flight unary calls get to finish at shutdown before the server is forced down. */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningApiServer {
  grpcPort: number;
  healthPort: number;
  /** The HTTPS port of the Kubernetes API; undefined when no certificate and key were given. */
  securePort: number | undefined;
  stop(): Promise<void>;
}

async function untilSucceeds(what: string, action: () => Promise<void>, log: Logger, stopped: () => boolean): Promise<void> {
  for (;;) {
    try {
      await action();
      return;
    } catch (err) {
      if (stopped()) throw err;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, `${what} failed; retrying`);
      await new Promise((r) => setTimeout(r, STARTUP_RETRY_INTERVAL_MS));
    }
  }
}

function bindGrpc(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * The gRPC handlers, behind authentication and authorization when the port
 * serves TLS; as they are (and said loudly) when it does not.
 */
function grpcFront(
  handlers: ApiHandlers,
  authn: Authentication,
  authorizer: DeferredAuthorizer | undefined,
  audit: AuditLog | undefined,
  log: Logger,
): { handlers: ApiHandlers; credentials: grpc.ServerCredentials } {
  if (!authn.serving) {
    log.warn('no --tls-cert-file: the gRPC port is PLAINTEXT and UNAUTHENTICATED - anyone who reaches it can do anything; give --tls-cert-file and --tls-private-key-file');
    return { handlers, credentials: grpc.ServerCredentials.createInsecure() };
  }
  const gate = new CallGate({ authenticator: authn.authenticator, authorizer, clientCertificates: authn.clientCertificates, log: log.child({ part: 'grpc-authn' }) });
  return {
    handlers: guardedHandlers(handlers, apiServiceConstructor().service, { gate, audit, log: log.child({ part: 'grpc-authn' }) }),
    credentials: grpcServerCredentials(authn.serving, authn.clientCertificates?.pem),
  };
}

export async function startApiServer(config: ApiServerConfig, log: Logger): Promise<RunningApiServer> {
  if (Boolean(config.tlsCertFile) !== Boolean(config.tlsPrivateKeyFile)) {
    throw new Error('--tls-cert-file and --tls-private-key-file go together: give both to serve the HTTPS API, or neither');
  }
  // Keys are read first, so a bad key file stops the apiserver before it opens a port.
  const tokenOptions = await serviceAccountTokenOptions(config, log);
  const kubeletClientCredentials = loadKubeletClientCredentials(config);
  if (!kubeletClientCredentials.certificateAuthority) log.warn('no --kubelet-client-certificate: agents are reached over plaintext gRPC');
  const healthTls = await healthPortTls(config);
  const etcdCredentials = await loadEtcdCredentials(config.etcdServers, {
    caFile: config.etcdCaFile,
    certFile: config.etcdCertFile,
    keyFile: config.etcdKeyFile,
  });
  const atRest = encryptionAtRest(config.encryptionProviderConfig, config.etcdPrefix, log);
  const store = atRest(new EtcdStore(config.etcdServers, etcdCredentials));
  const metrics = createMetrics();
  // Opened once for the process's life; written through a buffering stream.
  const audit = config.auditLogPath && config.auditPolicyLevel !== 'None' ? new AuditLog(config.auditLogPath, config.auditPolicyLevel) : undefined;
  let ready = false;
  let stopping = false;
  const health: HealthServer = await startHealthServer(
    config.healthPort,
    metrics.registry,
    async () => ready && (await store.healthy()),
    config.bindAddress,
    {},
    healthTls,
  );

  const serviceRanges = { ips: parseIpRange(config.serviceClusterIpRange), nodePorts: parsePortRange(config.serviceNodePortRange) };
  const ctx: RegistryContext = {
    store,
    keys: new KeySpace(config.etcdPrefix),
    eventLeases: new LeasePool(store),
    log: log.child({ part: 'registry' }),
    writeHooks: serviceWriteHooks(serviceRanges),
    now: Date.now,
  };
  let terminator: NamespaceTerminator | undefined;
  const registry = new Registry(ctx, { namespaceTerminating: () => void terminator?.sweep() });
  ctx.validatingAdmission = config.disableAdmissionPlugins.includes('NodeRestriction') ? [] : [admitNodeRestriction];
  if (!config.disableAdmissionPlugins.includes('DefaultTolerationSeconds')) {
    ctx.defaultTolerationSeconds = { notReady: config.defaultNotReadyTolerationSeconds, unreachable: config.defaultUnreachableTolerationSeconds };
  }
  const tokens = tokenOptions ? new TokenIssuer(registry, { ...tokenOptions, admit: (request) => admitValidating(ctx, request) }) : undefined;
  // A bad CA, certificate or token file stops the start; what is already open is closed first.
  const authn = await loadAuthentication(config, tokens, registry, log).catch(async (err: unknown) => {
    await health.close();
    await audit?.close();
    store.close();
    throw err;
  });
  // Token volumes are only worth adding when this apiserver can issue their tokens.
  ctx.serviceAccountAdmission = tokens !== undefined && !config.disableAdmissionPlugins.includes('ServiceAccount');
  terminator = new NamespaceTerminator(registry, log.child({ part: 'namespaces' }));
  const watches = new WatchService(ctx, log.child({ part: 'watch' }), {
    bookmarkIntervalMs: config.watchBookmarkIntervalSeconds * 1000,
    onWatcherCount: (info, delta) => metrics.watchers.inc({ resource: info.plural }, delta),
  });
  ctx.cache = watches;
  const compactor = new Compactor(store, config.etcdCompactionIntervalSeconds, log.child({ part: 'compactor' }));

  const grpcServer = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const agents = new AgentClientPool(kubeletClientCredentials);
  const streaming = new PodStreamingService(registry, agents, log.child({ part: 'streaming' }));
  const metricsApi = new MetricsApi(registry, new SummaryScraper(agents, log.child({ part: 'metrics' })));
  const handlers: ApiHandlers = {
    ...new ApiService(registry, watches, metrics, log.child({ part: 'grpc' }), audit).handlers(),
    ...streaming.handlers(),
    ListMetrics: metricsListHandler(metricsApi),
    CreateToken: createTokenHandler(tokens),
  };
  const authorizer = config.authorizationMode === 'AlwaysAllow' ? undefined : new DeferredAuthorizer();
  const front = grpcFront(handlers, authn, authorizer, audit, log);
  grpcServer.addService(apiServiceConstructor().service, front.handlers);
  let https: RunningHttpsServer | undefined;

  let apiServerLeases: ApiServerLeases | undefined;
  let authz: RunningAuthorization | undefined;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    ready = false;
    await apiServerLeases?.stop().catch((err: unknown) => log.warn({ err }, 'could not withdraw this apiserver from the kubernetes endpoints'));
    compactor.stop();
    terminator?.stop();
    watches.stop();
    streaming.stop();
    await https?.close();
    await authz?.stop();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        grpcServer.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      grpcServer.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    agents.close();
    await health.close();
    await audit?.close();
    store.close();
  };

  try {
    await untilSucceeds('creating the system namespaces', () => ensureSystemNamespaces(registry), log, () => stopping);
    await untilSucceeds('starting the shared watches', () => watches.start(), log, () => stopping);
    const grpcPort = await bindGrpc(grpcServer, `${config.bindAddress}:${config.port}`, front.credentials);
    await untilSucceeds('writing the default RBAC roles', () => ensureBootstrapPolicy(registry, log.child({ part: 'rbac-bootstrap' })), log, () => stopping);
    authz = await startAuthorization(config.authorizationMode, registry, new InProcessSource(registry, watches), log);
    if (authz) {
      authorizer?.ready(authz.authorizer);
      ctx.writeHooks = new Map([
        ...(ctx.writeHooks ?? []),
        ...authz.writeHooks,
        [resources.certificateSigningRequests, signerAuthorizationHook(authz.authorizer)],
      ]);
    }
    if (config.tlsCertFile && config.tlsPrivateKeyFile) {
      const podStreams = { relay: streaming.relay, log: log.child({ part: 'http-streams' }) };
      const api = new HttpApi({
        registry,
        watches,
        authenticator: authn.authenticator,
        clientCertificates: authn.clientCertificates,
        authorizer: authz?.authorizer,
        metrics,
        log: log.child({ part: 'http' }),
        ready: async () => ready && (await store.healthy()),
        publicRoutes: [versionRoute()],
        extraRoutes: [
          discoveryRoutes([...SERVED_DEFINITIONS, ...METRICS_RESOURCES, ...(authz ? REVIEW_RESOURCES : [])]),
          ...(authz ? [reviewRoutes(authz.authorizer, authz.resolver)] : []),
          ...(tokens ? [tokenRequestRoute(tokens)] : []),
          openApiRoutes(SERVED_DEFINITIONS), openApiV2Route(SERVED_DEFINITIONS), podLogRoute(podStreams), metricsRoute(metricsApi)],
        upgradeHandlers: [podExecUpgrade(podStreams), podPortForwardUpgrade(podStreams)],
        audit,
      });
      https = await startHttpsServer({
        host: config.bindAddress,
        port: config.securePort,
        certFile: config.tlsCertFile,
        keyFile: config.tlsPrivateKeyFile,
        clientCa: authn.clientCertificates?.pem,
        api,
      });
    } else {
      log.info('no --tls-cert-file and --tls-private-key-file: serving gRPC only, not the Kubernetes HTTP API');
    }
    const kubernetesService = { clusterIp: firstServiceIp(serviceRanges.ips), securePort: https?.port };
    await untilSucceeds('keeping the kubernetes Service', () => ensureKubernetesService(registry, kubernetesService), log, () => stopping);
    if (https) {
      const address = advertisedAddress(config.advertiseAddress, config.bindAddress);
      const leases = new ApiServerLeases(store, registry, { address, port: https.port, root: ctx.keys.root }, log.child({ part: 'apiserver-leases' }));
      await untilSucceeds('publishing this apiserver in the kubernetes endpoints', () => leases.start(), log, () => stopping);
      apiServerLeases = leases;
    }
    compactor.start();
    terminator.start();
    ready = true;
    const securePort = https?.port;
    log.info({ grpcPort, securePort, healthPort: health.port, etcd: config.etcdServers }, 'apiserver serving');
    return { grpcPort, healthPort: health.port, securePort, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
