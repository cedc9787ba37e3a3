// The gRPC face of the registry: decodes requests, routes them to the
// registry or the watch service, records metrics, and turns every failure
// into a Kubernetes Status on the wire.
import type * as grpc from '@grpc/grpc-js';
import { ApiError, isApiError } from '../../api/errors.js';
import { qualifiedResource, resolveResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { ApiHandlers } from '../../client/grpc-definition.js';
import type { Logger } from '../../client/logger.js';
import type { ResourceRef__Output } from '../../proto/generated/flotilla/v1/ResourceRef.js';
import type { WatchEvent } from '../../proto/generated/flotilla/v1/WatchEvent.js';
import type { WatchRequest__Output } from '../../proto/generated/flotilla/v1/WatchRequest.js';
import type { ApiServerMetrics } from '../metrics.js';
import type { AuditLog } from '../audit/audit-log.js';
import { grpcAuditRecord } from '../audit/grpc-audit.js';
import { parsePatchType } from '../registry/patch.js';
import { managerFromUserAgent } from '../registry/managed-fields.js';
import type { Registry } from '../registry/registry.js';
import { buildFilter } from '../registry/selectors.js';
import type { WatchSession } from '../watch/watch-session.js';
import type { WatchService } from '../watch/watch-service.js';
import { toServiceError } from '../../client/grpc-status.js';
import { listJson } from '../registry/object-json.js';

/** What a successful binding answers, as kube-apiserver's pods/binding does. */
const BINDING_CREATED_JSON = JSON.stringify({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 });

/**
 * Events queued for a watcher that does not read them; past this the watch is
 * closed and the client resumes from the last resourceVersion it saw, as
 * Kubernetes does with slow watchers.
 */
export const WATCH_BACKLOG_LIMIT = 10_000;

const PODS = resources.pods;

/** The methods this service answers; PodLogs and PodExec come from the streaming relay. */
export type RegistryHandlers = Pick<ApiHandlers, 'Create' | 'Get' | 'List' | 'Update' | 'UpdateStatus' | 'Patch' | 'Delete' | 'Bind' | 'Watch' | 'GetScale' | 'UpdateScale'>;

/** Every request but Bind names its resource by a ResourceRef. */
interface RefRequest {
  ref: ResourceRef__Output | null;
}

function resourceOf(req: RefRequest): ResourceInfo {
  if (!req.ref?.resource) throw new ApiError('BadRequest', 'the request names no resource');
  return resolveResource(req.ref.resource, req.ref.group || undefined);
}

export class ApiService {
  constructor(
    private readonly registry: Registry,
    private readonly watches: WatchService,
    private readonly metrics: ApiServerMetrics,
    private readonly log: Logger,
    private readonly audit?: AuditLog,
  ) {}

  /** Handlers keyed by the proto's method names, for grpc.Server.addService. */
  handlers(): RegistryHandlers {
    return {
      Create: this.unary('create', async (req, info, manager) => ({
        objectJson: JSON.stringify(await this.registry.create(info, req.namespace, req.objectJson, req.dryRun, manager)),
      })),
      Get: this.unary('get', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.get(info, req.namespace, req.name)),
      })),
      List: this.unary('list', async (req, info) => ({
        listJson: listJson(
          await this.registry.list(info, req.namespace, req.labelSelector, req.fieldSelector, {
            limit: req.limit,
            continue: req.continue,
            resourceVersion: req.resourceVersion,
            resourceVersionMatch: req.resourceVersionMatch,
          }),
        ),
      })),
      Update: this.unary('update', async (req, info, manager) => ({
        objectJson: JSON.stringify(await this.registry.update(info, req.namespace, req.objectJson, req.dryRun, { manager })),
      })),
      UpdateStatus: this.unary('update', async (req, info, manager) => ({
        objectJson: JSON.stringify(
          req.subresource
            ? await this.registry.updateStatusSlice(info, req.namespace, req.subresource, req.objectJson, req.dryRun, manager)
            : await this.registry.updateStatus(info, req.namespace, req.objectJson, req.dryRun, manager),
        ),
      })),
      Patch: this.unary('patch', async (req, info, manager) => ({
        objectJson: JSON.stringify(
          await this.registry.patch(info, req.namespace, req.name, parsePatchType(req.type), req.patchJson, req.status, req.dryRun, manager),
        ),
      })),
      GetScale: this.unary('get', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.getScale(info, req.namespace, req.name)),
      })),
      UpdateScale: this.unary('update', async (req, info, manager) => ({
        objectJson: JSON.stringify(await this.registry.updateScale(info, req.namespace, req.name, req.scaleJson, req.dryRun, manager)),
      })),
      Delete: this.unary('delete', async (req, info) => {
        const outcome = await this.registry.delete(info, req.namespace, req.name, req.optionsJson, req.dryRun);
        return { objectJson: JSON.stringify(outcome.object), deleted: outcome.deleted };
      }),
      Bind: this.measured(
        'create',
        () => PODS,
        // A Success Status as over HTTP: the binder learns the outcome, not the whole pod again.
        async (req) => {
          await this.registry.bind(req.namespace, req.bindingJson);
          return { objectJson: BINDING_CREATED_JSON };
        },
        'pods/binding',
      ),
      Watch: (call) => {
        this.watch(call).catch((err: unknown) => this.log.error({ err }, 'watch failed'));
      },
    };
  }

  /** A unary handler for a request that names its resource by `ref`. */
  private unary<Request extends RefRequest, Reply>(
    verb: string,
    run: (req: Request, info: ResourceInfo, manager: string) => Promise<Reply>,
  ): grpc.handleUnaryCall<Request, Reply> {
    return this.measured(verb, resourceOf, run);
  }

  /**
   * A unary handler that records the request's metrics and answers failures as
   * Statuses. `resourceLabel` replaces the resolved resource in the metrics.
   */
  private measured<Request, Reply>(
    verb: string,
    resolve: (req: Request) => ResourceInfo,
    /** `manager`: the field manager the caller's User-Agent names (its component name). */
    run: (req: Request, info: ResourceInfo, manager: string) => Promise<Reply>,
    resourceLabel?: string,
  ): grpc.handleUnaryCall<Request, Reply> {
    return (call, callback) => {
      const started = process.hrtime.bigint();
      const receivedMs = Date.now();
      let resource = '';
      let info: ResourceInfo | undefined;
      const finish = (code: number): void => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.requests.inc({ verb, resource, code: String(code) });
        this.metrics.duration.observe({ verb, resource }, seconds);
        if (this.audit?.wants(verb)) this.audit.record(grpcAuditRecord(verb, info, call, code, receivedMs, resourceLabel));
      };
      Promise.resolve()
        .then(() => {
          const resolved = resolve(call.request);
          info = resolved;
          resource = resourceLabel ?? qualifiedResource(resolved);
          const userAgent = call.metadata.get('user-agent')[0];
          return run(call.request, resolved, managerFromUserAgent(typeof userAgent === 'string' ? userAgent : undefined));
        })
        .then(
          (reply) => {
            finish(verb === 'create' ? 201 : 200);
            callback(null, reply);
          },
          (err: unknown) => {
            finish(this.codeOf(err));
            this.logFailure(verb, resource, err);
            callback(toServiceError(err));
          },
        )
        // A failure to answer must not become an unhandled rejection, which would end the process.
        .catch((err: unknown) => this.log.error({ verb, resource, err }, 'could not send the reply'));
    };
  }

  private async watch(call: grpc.ServerWritableStream<WatchRequest__Output, WatchEvent>): Promise<void> {
    const started = process.hrtime.bigint();
    let resource = '';
    let ended = false;
    let session: WatchSession | undefined;
    // The initial state may queue many events at once; only what piles up after it counts.
    let backlogAllowance = Number.POSITIVE_INFINITY;
    const endWith = (err?: unknown): void => {
      if (ended) return;
      ended = true;
      session?.cancel();
      if (err === undefined) call.end();
      else call.emit('error', toServiceError(err));
    };
    try {
      const info = resourceOf(call.request);
      resource = qualifiedResource(info);
      const req = call.request;
      const filter = buildFilter(info, req.namespace, req.labelSelector, req.fieldSelector);
      session = await this.watches.watch(
        filter,
        { resourceVersion: req.resourceVersion, allowBookmarks: req.allowBookmarks },
        {
          send: (event) => {
            if (ended || call.cancelled) return;
            if (call.writableLength > backlogAllowance) {
              this.log.warn({ resource }, 'closing a watch whose client does not keep up');
              endWith();
              return;
            }
            call.write({ type: event.type, objectJson: event.objectJson });
          },
          fail: (err) => endWith(err),
          close: () => endWith(),
        },
      );
      this.metrics.requests.inc({ verb: 'watch', resource, code: '200' });
      this.metrics.duration.observe({ verb: 'watch', resource }, Number(process.hrtime.bigint() - started) / 1e9);
      backlogAllowance = call.writableLength + WATCH_BACKLOG_LIMIT;
      const running = session;
      if (ended || call.cancelled) running.cancel();
      else call.once('cancelled', () => running.cancel());
    } catch (err) {
      this.metrics.requests.inc({ verb: 'watch', resource, code: String(this.codeOf(err)) });
      this.logFailure('watch', resource, err);
      endWith(err);
    }
  }

  private codeOf(err: unknown): number {
    return isApiError(err) ? err.code : 500;
  }

  private logFailure(verb: string, resource: string, err: unknown): void {
    if (isApiError(err) && err.reason !== 'InternalError') {
      this.log.debug({ verb, resource, reason: err.reason, msg: err.message }, 'request refused');
    } else {
      this.log.error({ verb, resource, err }, 'request failed');
    }
  }
}
