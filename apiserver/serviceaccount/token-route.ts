// The HTTP face of serviceaccounts/<name>/token: POST a TokenRequest (JSON or
// protobuf, as kubectl create token sends it), answered 201 with the token in
// its status. Authorization already happened on the request's attributes
// (create on serviceaccounts/token).
import { methodNotAllowed } from '../../api/errors.js';
import { TOKEN_SUBRESOURCE } from '../../api/kinds/serviceaccount.js';
import { decodeBody } from '../http/decode-body.js';
import { sendJson } from '../http/http-reply.js';
import { readBodyBytes } from '../http/read-body.js';
import type { RouteHandler } from '../http/request-context.js';
import { parseJson } from '../registry/request-body.js';
import type { TokenIssuer } from './token-issuer.js';
import { AUTHENTICATION_GROUP } from './token-request.js';

const TOKEN_PATH = new RegExp(`^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/${TOKEN_SUBRESOURCE}$`);
const BODY = { group: AUTHENTICATION_GROUP, version: 'v1', kind: 'TokenRequest' };

export function tokenRequestRoute(issuer: TokenIssuer): RouteHandler {
  return async (ctx) => {
    const match = TOKEN_PATH.exec(ctx.url.pathname);
    if (!match) return false;
    if (ctx.req.method !== 'POST') throw methodNotAllowed('the server does not allow this method on the requested resource');
    const [namespace, name] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
    const body = parseJson(decodeBody(ctx.req.headers['content-type'], await readBodyBytes(ctx.req), BODY), 'TokenRequest');
    sendJson(ctx.res, 201, await issuer.request(namespace, name, body));
    return true;
  };
}
