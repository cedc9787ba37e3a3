// Documents that depend only on the kind registry (discovery, OpenAPI,
// /version) are serialised once; every request then writes the same bytes,
// and a client holding the ETag gets a 304 instead of the body again.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PreparedBody {
  readonly bytes: Buffer;
  /** Upper-case hex SHA-512 of the bytes, as kube-openapi computes the `?hash=` of its documents. */
  readonly hash: string;
  /** The hash in quotes, as an ETag header carries it. */
  readonly etag: string;
  readonly contentType: string;
}

export function contentHash(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('hex').toUpperCase();
}

export function prepareJson(body: unknown, contentType = 'application/json'): PreparedBody {
  return prepareBytes(Buffer.from(JSON.stringify(body), 'utf8'), contentType);
}

/** Bytes already serialised some other way (protobuf), with the same hash and ETag. */
export function prepareBytes(bytes: Buffer, contentType: string): PreparedBody {
  const hash = contentHash(bytes);
  return Object.freeze({ bytes, hash, etag: `"${hash}"`, contentType });
}

/** True when If-None-Match names this ETag (strong or weak) or is `*`. */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return tags.some((t) => t === '*' || t === etag || t === `W/${etag}`);
}

/**
 * Writes the prepared body with its ETag, or 304 Not Modified when the client
 * already holds it; HEAD gets the headers alone. `headers` adds or overrides
 * (Cache-Control, Vary, Expires).
 */
export function sendPrepared(req: IncomingMessage, res: ServerResponse, body: PreparedBody, headers: Record<string, string> = {}): void {
  const common: Record<string, string> = { ETag: body.etag, 'Cache-Control': 'no-cache, private', ...headers };
  if (matchesIfNoneMatch(req.headers['if-none-match'], body.etag)) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'Content-Type': body.contentType, 'Content-Length': body.bytes.length });
  res.end(req.method === 'HEAD' ? undefined : body.bytes);
}
