// GET /openapi/v3 and /openapi/v3/<api/v1 | apis/<group>/<version>>, as
// kube-openapi's handler serves them. The index addresses each document with
// `?hash=` of its bytes, so a client caches a hash-pinned document forever
// (Cache-Control: public, immutable) and refetches only when the hash changes;
// a stale hash is redirected to the current one. /openapi/v2 is another
// handler's (../openapi-v2/), for kubectl 1.27/1.28.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import { flotillaVersionInfo } from '../discovery/version-info.js';
import { sendNotAcceptable } from '../discovery/not-acceptable.js';
import { admitsPlainJson, parseAccept } from '../accept-header.js';
import { prepareJson, sendPrepared, type PreparedBody } from '../prepared-body.js';
import type { RouteHandler } from '../request-context.js';
import type { OpenApiIndex } from './document-types.js';
import { groupVersionDocuments } from './group-version-document.js';

const INDEX_PATH = '/openapi/v3';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export interface PreparedOpenApi {
  readonly index: PreparedBody;
  /** Keyed as the index lists them: `api/v1`, `apis/apps/v1`. */
  readonly documents: ReadonlyMap<string, PreparedBody>;
}

export function serverRelativeUrl(key: string, hash: string): string {
  return `${INDEX_PATH}/${key}?hash=${hash}`;
}

export function prepareOpenApi(kinds: readonly KindDefinition[], infoVersion = flotillaVersionInfo().gitVersion): PreparedOpenApi {
  const documents = new Map<string, PreparedBody>();
  for (const [key, doc] of groupVersionDocuments(kinds, infoVersion)) documents.set(key, prepareJson(doc));
  const keys = [...documents.keys()].sort();
  const index: OpenApiIndex = {
    paths: Object.fromEntries(keys.map((key) => [key, { serverRelativeURL: serverRelativeUrl(key, documents.get(key)?.hash ?? '') }])),
  };
  return { index: prepareJson(index), documents };
}

export function openApiRoutes(kinds: readonly KindDefinition[]): RouteHandler {
  const prepared = prepareOpenApi(kinds);
  return async (ctx) => {
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return false;
    const path = ctx.url.pathname;
    if (path === INDEX_PATH || path === `${INDEX_PATH}/`) {
      sendPrepared(ctx.req, ctx.res, prepared.index);
      return true;
    }
    if (!path.startsWith(`${INDEX_PATH}/`)) return false;
    const key = path.slice(INDEX_PATH.length + 1).replace(/\/$/, '');
    const body = prepared.documents.get(key);
    if (!body) return false;
    // Only JSON is written; a client asking for protobuf alone gets a 406, as upstream.
    if (!parseAccept(ctx.req.headers.accept).some(admitsPlainJson)) {
      sendNotAcceptable(ctx.res, ['application/json']);
      return true;
    }
    const hash = ctx.url.searchParams.get('hash');
    if (hash !== null && hash !== '' && hash !== body.hash) {
      ctx.res.writeHead(301, { Location: serverRelativeUrl(key, body.hash), 'Content-Length': 0 });
      ctx.res.end();
      return true;
    }
    const pinned: Record<string, string> =
      hash === body.hash
        ? { 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + ONE_YEAR_MS).toUTCString(), Vary: 'Accept' }
        : { Vary: 'Accept' };
    sendPrepared(ctx.req, ctx.res, body, pinned);
    return true;
  };
}
