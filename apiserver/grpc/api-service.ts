// The gRPC face of the registry: decodes requests, routes them to the
// registry or the watch service, records metrics, and turns every failure
// into a Kubernetes Status on the wire.
import type * as grpc from '@grpc/grpc-js';
import { ApiError, isApiError } from '../../api/errors.js';
import { qualifiedResource, resolveResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { Logger } from '../../client/logger.js';
import type { ApiServerMetrics } from '../metrics.js';
import { parsePatchType } from '../registry/patch.js';
import type { Registry } from '../registry/registry.js';
import { buildFilter } from '../registry/selectors.js';
import type { WatchSession } from '../watch/watch-session.js';
import type { WatchService } from '../watch/watch-service.js';
import { toServiceError } from '../../client/grpc-status.js';

interface ResourceRef {
  group?: string;
  resource?: string;
}

/**
 * Events queued for a watcher that does not read them; past this the watch is
 * closed and the client resumes from the last resourceVersion it saw, as
 * Kubernetes does with slow watchers.
 */
export const WATCH_BACKLOG_LIMIT = 10_000;

const PODS = resources.pods;

type Request = Record<string, unknown> & { ref?: ResourceRef };
type Reply = Record<string, unknown>;
type UnaryHandler = (call: grpc.ServerUnaryCall<Request, Reply>, callback: grpc.sendUnaryData<Reply>) => void;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function resourceOf(req: Request): ResourceInfo {
  const ref = req.ref ?? {};
  if (!ref.resource) throw new ApiError('BadRequest', 'the request names no resource');
  return resolveResource(ref.resource, ref.group || undefined);
}

export class ApiService {
  constructor(
    private readonly registry: Registry,
    private readonly watches: WatchService,
    private readonly metrics: ApiServerMetrics,
    private readonly log: Logger,
  ) {}

  /** Handlers keyed by the proto's method names, for grpc.Server.addService. */
  handlers(): grpc.UntypedServiceImplementation {
    return {
      Create: this.unary('create', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.create(info, str(req.namespace), str(req.objectJson), req.dryRun === true)),
      })),
      Get: this.unary('get', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.get(info, str(req.namespace), str(req.name))),
      })),
      List: this.unary('list', async (req, info) => ({
        listJson: JSON.stringify(await this.registry.list(info, str(req.namespace), str(req.labelSelector), str(req.fieldSelector))),
      })),
      Update: this.unary('update', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.update(info, str(req.namespace), str(req.objectJson), req.dryRun === true)),
      })),
      UpdateStatus: this.unary('update', async (req, info) => ({
        objectJson: JSON.stringify(await this.registry.updateStatus(info, str(req.namespace), str(req.objectJson), req.dryRun === true)),
      })),
      Patch: this.unary('patch', async (req, info) => ({
        objectJson: JSON.stringify(
          await this.registry.patch(
            info,
            str(req.namespace),
            str(req.name),
            parsePatchType(req.type),
            str(req.patchJson),
            req.status === true,
            req.dryRun === true,
          ),
        ),
      })),
      Delete: this.unary('delete', async (req, info) => {
        const outcome = await this.registry.delete(info, str(req.namespace), str(req.name), str(req.optionsJson), req.dryRun === true);
        return { objectJson: JSON.stringify(outcome.object), deleted: outcome.deleted };
      }),
      Bind: this.unary(
        'create',
        async (req) => ({ objectJson: JSON.stringify(await this.registry.bind(str(req.namespace), str(req.bindingJson))) }),
        { resolve: () => PODS, resourceLabel: 'pods/binding' },
      ),
      Watch: (call: grpc.ServerWritableStream<Request, Reply>) => {
        this.watch(call).catch((err: unknown) => this.log.error({ err }, 'watch failed'));
      },
    };
  }

  private unary(
    verb: string,
    run: (req: Request, info: ResourceInfo) => Promise<Reply>,
    options: { resolve?: (req: Request) => ResourceInfo; resourceLabel?: string } = {},
  ): UnaryHandler {
    const resolve = options.resolve ?? resourceOf;
    return (call, callback) => {
      const started = process.hrtime.bigint();
      let resource = '';
      const finish = (code: number): void => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.requests.inc({ verb, resource, code: String(code) });
        this.metrics.duration.observe({ verb, resource }, seconds);
      };
      Promise.resolve()
        .then(() => {
          const info = resolve(call.request);
          resource = options.resourceLabel ?? qualifiedResource(info);
          return run(call.request, info);
        })
        .then(
          (reply) => {
            finish(verb === 'create' ? 201 : 200);
            callback(null, reply);
          },
          (err: unknown) => {
            finish(this.codeOf(err));
            this.logFailure(verb, resource, err);
            callback(toServiceError(err) as grpc.ServiceError);
          },
        )
        // A failure to answer must not become an unhandled rejection, which would end the process.
        .catch((err: unknown) => this.log.error({ verb, resource, err }, 'could not send the reply'));
    };
  }

  private async watch(call: grpc.ServerWritableStream<Request, Reply>): Promise<void> {
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
      const filter = buildFilter(info, str(req.namespace), str(req.labelSelector), str(req.fieldSelector));
      session = await this.watches.watch(
        filter,
        { resourceVersion: str(req.resourceVersion), allowBookmarks: req.allowBookmarks === true },
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
