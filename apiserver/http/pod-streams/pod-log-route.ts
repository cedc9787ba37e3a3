// GET /api/v1/namespaces/<ns>/pods/<name>/log: the container's log as
// text/plain, relayed from its node's agent as it comes. Problems found
// before the first byte are Kubernetes Statuses with their HTTP codes; once
// the log has started, a failure can only cut the response short.
import type { ServerResponse } from 'node:http';
import type { ByteStream } from '../../../client/byte-stream.js';
import type { Logger } from '../../../client/logger.js';
import { relayError } from '../../streaming/pod-relay.js';
import { sendStatus } from '../http-reply.js';
import type { RequestContext, RouteHandler } from '../request-context.js';
import type { PodStreamsDeps } from './deps.js';
import { methodNotAllowed, parsePodSubresourcePath } from './pod-path.js';
import { parseLogQuery } from './query-params.js';


/**
 * How long a follow waits for the agent's first answer before it sends the
 * headers anyway. Most refusals (no such instance, no previous container)
 * come at once and can still be a proper Status; a quiet container must not
 * keep the client from seeing 200 for long.
 */
export const FOLLOW_HEADERS_WAIT_MS = 250;

const LOG_CONTENT_TYPE = 'text/plain';

type FirstRead = { kind: 'chunk'; result: IteratorResult<Buffer> } | { kind: 'failed'; err: unknown } | { kind: 'waited' };

function startBody(res: ServerResponse): void {
  // No Content-Length: Node sends the body chunked, and flushing now lets a follower see the 200 at once.
  res.writeHead(200, { 'Content-Type': LOG_CONTENT_TYPE, 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders();
}

/** Resolves once the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** The first chunk (or end, or failure) of the stream; with `waitMs`, gives up waiting after that long. */
async function firstRead(next: Promise<IteratorResult<Buffer>>, waitMs: number | undefined): Promise<FirstRead> {
  const read = next.then(
    (result): FirstRead => ({ kind: 'chunk', result }),
    (err: unknown): FirstRead => ({ kind: 'failed', err }),
  );
  if (waitMs === undefined) return read;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<FirstRead>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'waited' }), waitMs);
  });
  try {
    return await Promise.race([read, waited]);
  } finally {
    clearTimeout(timer);
  }
}

interface LogStreamOptions {
  follow: boolean;
  limitBytes: number | undefined;
  /** For the log line when a started log breaks off. */
  fields: Record<string, string>;
}

async function relayLog(res: ServerResponse, upstream: ByteStream, opts: LogStreamOptions, log: Logger): Promise<void> {
  let clientGone = false;
  res.once('close', () => {
    if (res.writableFinished) return;
    clientGone = true;
    upstream.cancel();
  });
  const iterator = upstream[Symbol.asyncIterator]();
  const pending = iterator.next();
  const first = await firstRead(pending, opts.follow ? FOLLOW_HEADERS_WAIT_MS : undefined);
  if (first.kind === 'failed') {
    if (!clientGone) sendStatus(res, relayError(first.err));
    return;
  }
  if (clientGone) return;
  startBody(res);
  let remaining = opts.limitBytes ?? Number.POSITIVE_INFINITY;
  let exhausted = false;
  // After a 'waited' first read, the read already asked for is still the next one.
  let next = first.kind === 'chunk' ? Promise.resolve(first.result) : pending;
  try {
    for (;;) {
      const { done, value } = await next;
      if (done) exhausted = true;
      if (done || clientGone) break;
      const chunk = value.length > remaining ? value.subarray(0, remaining) : value;
      remaining -= chunk.length;
      if (!res.write(chunk)) await drained(res);
      if (remaining <= 0 || clientGone) break;
      next = iterator.next();
    }
  } catch (err) {
    // The log had started: there is no Status to send, only a response cut short.
    log.warn({ ...opts.fields, err: relayError(err) }, 'pod log relay broke off');
    res.destroy();
    return;
  } finally {
    // Stopped early (limitBytes, the client left): the agent need not send more.
    if (!exhausted) upstream.cancel();
  }
  if (!clientGone) res.end();
}

/** The log subresource of pods; resolves false for every other path. */
export function podLogRoute(deps: PodStreamsDeps): RouteHandler {
  return async (ctx: RequestContext): Promise<boolean> => {
    const path = parsePodSubresourcePath(ctx.url.pathname);
    if (!path || path.subresource !== 'log') return false;
    const { res } = ctx;
    try {
      if (ctx.req.method !== 'GET') throw methodNotAllowed();
      const query = parseLogQuery(ctx.url.searchParams, path.namespace, path.name);
      const target = await deps.relay.prepareLogs(query.request);
      if (res.destroyed) return true;
      const fields = { ns: path.namespace, pod: path.name, container: target.container };
      await relayLog(res, target.open(), { follow: query.request.follow === true, limitBytes: query.limitBytes, fields }, deps.log);
    } catch (err) {
      sendStatus(res, relayError(err));
    }
    return true;
  };
}
