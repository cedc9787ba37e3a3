// A watch over HTTP: newline-delimited JSON events `{"type","object"}` on a
// chunked 200 answer whose headers leave at once (clients such as
// `kubectl rollout status` wait for them before doing anything else). It ends
// at timeoutSeconds, when the client goes away, when the client stops reading,
// or with one ERROR event carrying a Status (410 Expired for a compacted
// resourceVersion, as Kubernetes sends it).
import type { ServerResponse } from 'node:http';
import { expired, invalid, isApiError, type ApiError } from '../../api/errors.js';
import { apiVersionOf } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { Logger } from '../../client/logger.js';
import type { RegistryContext } from '../registry/context.js';
import { listObjects } from '../registry/list.js';
import type { WatchFilter, OutgoingEvent } from '../watch/watch-filter.js';
import type { WatchService } from '../watch/watch-service.js';
import type { WatchSession } from '../watch/watch-session.js';
import { apiErrorOf } from './http-reply.js';
import { JSON_MEDIA_TYPE, type ResponseFormat } from './media-types.js';
import { toTable, type IncludeObject } from './table-output.js';
import { eventObjectToServed, toServed } from './served-objects.js';
import type { KindView } from '../../api/kinds/served-versions.js';
import { toPartialMetadata } from './partial-metadata.js';

/**
 * How long a watch without timeoutSeconds stays open, at least: kube-apiserver's
 * --min-request-timeout. Each such watch gets between one and two times this, so
 * that clients that started together do not all reconnect together.
 */
export const MIN_REQUEST_TIMEOUT_SECONDS = 1800;
/**
 * Bytes queued for a client that does not read; past this the watch ends and the
 * client resumes from the last resourceVersion it saw, as Kubernetes does with
 * slow watchers. The initial state does not count against it.
 */
export const WATCH_BACKLOG_BYTES = 32 * 1024 * 1024;
/** Marks the bookmark that closes the initial state of a `sendInitialEvents` watch. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';
export const NOT_OLDER_THAN = 'NotOlderThan';

export interface WatchRequest {
  filter: WatchFilter;
  resourceVersion: string;
  resourceVersionMatch: string;
  allowBookmarks: boolean;
  /** undefined when the client did not say. */
  sendInitialEvents: boolean | undefined;
  /** undefined: the server's long default. */
  timeoutSeconds: number | undefined;
  format: ResponseFormat;
  /** The version the URL names: objects are sent in it (Tables are built from the stored form). */
  view: KindView;
  includeObject: IncludeObject;
}

export interface WatchDeps {
  watches: WatchService;
  ctx: RegistryContext;
  log: Logger;
}

/** Kubernetes' rules for streaming lists (sendInitialEvents), checked before anything is sent. */
export function validateWatchRequest(request: WatchRequest): void {
  const problem = (field: string, detail: string): ApiError =>
    invalid('ListOptions', 'meta.k8s.io', '', [{ field, type: 'Forbidden', detail }]);
  if (request.sendInitialEvents === undefined) {
    if (request.resourceVersionMatch) throw problem('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    return;
  }
  if (request.resourceVersionMatch !== NOT_OLDER_THAN) {
    throw problem('sendInitialEvents', `sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to ${NOT_OLDER_THAN}`);
  }
  if (!request.allowBookmarks) throw problem('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true');
}

export function defaultWatchTimeoutMs(random: () => number = Math.random): number {
  return MIN_REQUEST_TIMEOUT_SECONDS * 1000 * (1 + random());
}

/** Clients branch on Expired for a compacted resourceVersion; the registry calls it Gone. */
function watchErrorStatus(err: ApiError): ReturnType<ApiError['toStatus']> {
  return (isApiError(err, 'Gone') ? expired(err.message) : err).toStatus();
}

/** Writes one watcher's events in the format it asked for. */
class EventWriter {
  private opened = false;
  private headersSentInTable = false;
  private ended = false;
  private backlogAllowance = Number.POSITIVE_INFINITY;

  constructor(
    private readonly res: ServerResponse,
    private readonly request: WatchRequest,
    private readonly onOverflow: () => void,
  ) {}

  get isEnded(): boolean {
    return this.ended || this.res.destroyed;
  }

  /** Sends the headers now; what follows is the stream. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, { 'Content-Type': JSON_MEDIA_TYPE, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    this.res.flushHeaders();
  }

  /** From now on only what piles up counts against the backlog limit. */
  startCountingBacklog(): void {
    this.backlogAllowance = this.res.writableLength + WATCH_BACKLOG_BYTES;
  }

  send(event: OutgoingEvent): void {
    if (this.isEnded) return;
    this.open();
    if (this.res.writableLength > this.backlogAllowance) {
      this.onOverflow();
      return;
    }
    this.res.write(`{"type":${JSON.stringify(event.type)},"object":${this.objectText(event)}}\n`);
  }

  sendObject(type: OutgoingEvent['type'], object: unknown): void {
    this.send({ type, objectJson: JSON.stringify(object) });
  }

  fail(err: ApiError): void {
    if (this.isEnded) return;
    this.open();
    this.res.write(`{"type":"ERROR","object":${JSON.stringify(watchErrorStatus(err))}}\n`);
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.res.destroyed) this.res.end();
  }

  private objectText(event: OutgoingEvent): string {
    const { format } = this.request;
    if (event.type === 'BOOKMARK') return event.objectJson;
    if (format.kind === 'object') return eventObjectToServed(this.request.view, event.objectJson);
    const obj = JSON.parse(event.objectJson) as KubeObject;
    if (format.kind === 'metadata') return JSON.stringify(toPartialMetadata(toServed(this.request.view, obj), format.version));
    const table = toTable(this.request.filter.info, [obj], obj.metadata?.resourceVersion, {
      version: format.version,
      includeObject: this.request.includeObject,
      noHeaders: this.headersSentInTable,
    });
    this.headersSentInTable = true;
    return JSON.stringify(table);
  }
}

/** Where the shared watch starts: after the initial state this handler sent itself, or as the client asked. */
async function sendInitialState(deps: WatchDeps, request: WatchRequest, writer: EventWriter): Promise<string> {
  if (request.sendInitialEvents === undefined) return request.resourceVersion;
  if (request.sendInitialEvents === false) {
    return request.resourceVersion && request.resourceVersion !== '0' ? request.resourceVersion : String(await deps.ctx.store.currentRevision());
  }
  const list = await listObjects(deps.ctx, request.filter);
  for (const item of list.items) writer.sendObject('ADDED', item);
  const served = request.view.definition;
  writer.sendObject('BOOKMARK', {
    apiVersion: apiVersionOf(served),
    kind: served.kind,
    metadata: { resourceVersion: list.metadata.resourceVersion, annotations: { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } },
  });
  return list.metadata.resourceVersion ?? '';
}

/**
 * Serves one watch until it ends. `started` runs once the watch is established
 * (for metrics); failures before that are answered as a plain Status.
 */
export async function serveWatch(deps: WatchDeps, res: ServerResponse, request: WatchRequest, started: () => void): Promise<void> {
  validateWatchRequest(request);
  let session: WatchSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  const finish = (): void => {
    clearTimeout(timer);
    session?.cancel();
    writer.end();
  };
  const writer = new EventWriter(res, request, () => {
    deps.log.warn({ resource: request.filter.info.plural }, 'closing an HTTP watch whose client does not keep up');
    finish();
  });
  res.once('close', finish);
  try {
    const from = await sendInitialState(deps, request, writer);
    session = await deps.watches.watch(
      request.filter,
      { resourceVersion: from, allowBookmarks: request.allowBookmarks },
      { send: (event) => writer.send(event), fail: (err) => writer.fail(err), close: () => writer.end() },
    );
  } catch (err) {
    if (!writer.isEnded && res.headersSent) {
      writer.fail(apiErrorOf(err));
      finish();
      return;
    }
    throw err;
  }
  if (writer.isEnded) {
    session.cancel();
    return;
  }
  writer.open();
  writer.startCountingBacklog();
  started();
  const timeoutMs = request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : defaultWatchTimeoutMs();
  timer = setTimeout(finish, timeoutMs);
}
