// GET /openapi/v2: the Swagger 2.0 document of the whole API. kubectl 1.27 and
// 1.28 ask for it as gnostic protobuf only (for apply's strategic-merge keys,
// the fieldValidation check and 1.27's explain), and answer a 404 with
// `Error from server (NotFound)`; other clients read the JSON. Both bodies are
// built once, and a client holding the ETag gets a 304.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import { parseAccept, type MediaRange } from '../accept-header.js';
import { sendNotAcceptable } from '../discovery/not-acceptable.js';
import { flotillaVersionInfo } from '../discovery/version-info.js';
import { prepareBytes, prepareJson, sendPrepared, type PreparedBody } from '../prepared-body.js';
import type { RouteHandler } from '../request-context.js';
import { encodeGnostic } from './gnostic-codec.js';
import { swaggerDocument } from './swagger-document.js';

export const OPENAPI_V2_PATH = '/openapi/v2';
const JSON_TYPE = 'application/json';
/** What kubectl sends (the `@` spelling), and the older spelling with a dot, both accepted. */
export const OPENAPI_V2_PROTOBUF_TYPES = [
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
] as const;
/**
 * The Content-Type of the protobuf answer, whichever spelling was asked for:
 * client-go parses it with Go's mime.ParseMediaType, which rejects the `@`
 * (kubectl then fails with `mime: unexpected content after media subtype`).
 */
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export interface PreparedOpenApiV2 {
  readonly json: PreparedBody;
  readonly protobuf: PreparedBody;
}

export function prepareOpenApiV2(kinds: readonly KindDefinition[], infoVersion = flotillaVersionInfo().gitVersion): PreparedOpenApiV2 {
  const doc = swaggerDocument(kinds, infoVersion);
  const bytes = encodeGnostic(doc);
  return { json: prepareJson(doc), protobuf: prepareBytes(bytes, OPENAPI_V2_PROTOBUF_CONTENT_TYPE) };
}

/** The body the best acceptable range selects, or undefined when none is servable (406). */
export function negotiateOpenApiV2(ranges: readonly MediaRange[], prepared: PreparedOpenApiV2): PreparedBody | undefined {
  for (const range of ranges) {
    // Like kube-openapi, JSON first: a wildcard gets the document every client can read.
    if (range.type === '*' && range.subtype === '*') return prepared.json;
    if (range.type !== 'application') continue;
    if (range.subtype === '*' || range.subtype === 'json') return prepared.json;
    if ((OPENAPI_V2_PROTOBUF_TYPES as readonly string[]).includes(`${range.type}/${range.subtype}`)) return prepared.protobuf;
  }
  return undefined;
}

export function openApiV2Route(kinds: readonly KindDefinition[]): RouteHandler {
  const prepared = prepareOpenApiV2(kinds);
  return async (ctx) => {
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return false;
    if (ctx.url.pathname !== OPENAPI_V2_PATH && ctx.url.pathname !== `${OPENAPI_V2_PATH}/`) return false;
    const body = negotiateOpenApiV2(parseAccept(ctx.req.headers.accept), prepared);
    if (!body) {
      sendNotAcceptable(ctx.res, [JSON_TYPE, ...OPENAPI_V2_PROTOBUF_TYPES]);
      return true;
    }
    sendPrepared(ctx.req, ctx.res, body, { Vary: 'Accept' });
    return true;
  };
}
