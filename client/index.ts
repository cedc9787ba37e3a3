// The client library's public face: the gRPC client and what controllers,
// the scheduler and the agent build on.
export * from './api-client.js';
export { apiChannel, loadApiCredentials, CredentialsError, type ApiCredentials, type CredentialFiles } from './api-credentials.js';
export { readAll, type ByteStream } from './byte-stream.js';
export type { ExecOutputSink, ExecSession } from './exec-session.js';
export { fromServiceError, toServiceError, STATUS_METADATA_KEY } from './grpc-status.js';
export { createLogger, type Logger } from './logger.js';
export { startHealthServer, type HealthServer } from './health-server.js';
export { keyOf, splitKey } from './object-key.js';
export { CacheStore, type Store, type IndexFunc } from './cache-store.js';
export { deepFreeze, type DeepReadonly } from '../api/deep-freeze.js';
export {
  Informer,
  type InformerOptions,
  type ResourceEventHandler,
  type HandlerRegistration,
  INFORMER_BACKOFF_INITIAL_MS,
  INFORMER_BACKOFF_MAX_MS,
  MIN_WATCH_DURATION_MS,
  MAX_WATCH_DURATION_MS,
  DEFAULT_SYNC_TIMEOUT_MS,
} from './informer.js';
export { SharedInformerFactory } from './informer-factory.js';
export * from './rate-limiters.js';
export { WorkQueue, type WorkQueueOptions } from './work-queue.js';
export { runWorkers, type Reconcile } from './run-workers.js';
export { prometheusWorkQueueMetrics, type WorkQueueMetrics } from './work-queue-metrics.js';
export * from './leader-election.js';
export * from './event-recorder.js';
export * from './cluster-config.js';
export { Backoff } from './backoff.js';
export { sleep, raceAbort } from './abort-helpers.js';
