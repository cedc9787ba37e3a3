// Wires the apiserver together: etcd, registry, watches, gRPC, health and
// metrics, compaction and the namespace sweep; and takes it apart again.
import * as grpc from '@grpc/grpc-js';
import { apiServiceConstructor, MAX_MESSAGE_BYTES, type ApiHandlers } from '../client/grpc-definition.js';
import { startHealthServer, type HealthServer } from '../client/health-server.js';
import type { Logger } from '../client/logger.js';
import type { ApiServerConfig } from './config.js';
import { ApiService } from './grpc/api-service.js';
import { createMetrics } from './metrics.js';
import type { RegistryContext } from './registry/context.js';
import { ensureSystemNamespaces, NamespaceTerminator } from './registry/namespace-lifecycle.js';
import { Registry } from './registry/registry.js';
import { Compactor } from './storage/compactor.js';
import { EtcdStore } from './storage/etcd-store.js';
import { KeySpace } from './storage/keys.js';
import { LeasePool } from './storage/lease-pool.js';
import { WatchService } from './watch/watch-service.js';
import { AgentClientPool } from './streaming/agent-client-pool.js';
import { PodStreamingService } from './streaming/pod-streaming-service.js';

/** Pause between attempts to reach etcd at start-up. */
export const STARTUP_RETRY_INTERVAL_MS = 500;
/** How long in-flight unary calls get to finish at shutdown before the server is forced down. */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningApiServer {
  grpcPort: number;
  healthPort: number;
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

function bindGrpc(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

export async function startApiServer(config: ApiServerConfig, log: Logger): Promise<RunningApiServer> {
  const store = new EtcdStore(config.etcdServers);
  const metrics = createMetrics();
  let ready = false;
  let stopping = false;
  const health: HealthServer = await startHealthServer(
    config.healthPort,
    metrics.registry,
    async () => ready && (await store.healthy()),
    config.bindAddress,
  );

  const ctx: RegistryContext = {
    store,
    keys: new KeySpace(config.etcdPrefix),
    eventLeases: new LeasePool(store),
    log: log.child({ part: 'registry' }),
    now: Date.now,
  };
  let terminator: NamespaceTerminator | undefined;
  const registry = new Registry(ctx, { namespaceTerminating: () => void terminator?.sweep() });
  terminator = new NamespaceTerminator(registry, log.child({ part: 'namespaces' }));
  const watches = new WatchService(ctx, log.child({ part: 'watch' }), {
    bookmarkIntervalMs: config.watchBookmarkIntervalSeconds * 1000,
    onWatcherCount: (info, delta) => metrics.watchers.inc({ resource: info.plural }, delta),
  });
  const compactor = new Compactor(store, config.etcdCompactionIntervalSeconds, log.child({ part: 'compactor' }));

  const grpcServer = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const agents = new AgentClientPool();
  const streaming = new PodStreamingService(registry, agents, log.child({ part: 'streaming' }));
  const handlers: ApiHandlers = {
    ...new ApiService(registry, watches, metrics, log.child({ part: 'grpc' })).handlers(),
    ...streaming.handlers(),
  };
  grpcServer.addService(apiServiceConstructor().service, handlers);

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    ready = false;
    compactor.stop();
    terminator?.stop();
    watches.stop();
    streaming.stop();
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
    store.close();
  };

  try {
    await untilSucceeds('creating the system namespaces', () => ensureSystemNamespaces(registry), log, () => stopping);
    await untilSucceeds('starting the shared watches', () => watches.start(), log, () => stopping);
    const grpcPort = await bindGrpc(grpcServer, `${config.bindAddress}:${config.port}`);
    compactor.start();
    terminator.start();
    ready = true;
    log.info({ grpcPort, healthPort: health.port, etcd: config.etcdServers }, 'apiserver serving');
    return { grpcPort, healthPort: health.port, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
