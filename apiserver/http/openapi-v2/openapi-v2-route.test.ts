import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import { parseAccept } from '../accept-header.js';
import { decodeGnostic } from './gnostic-codec.js';
import { negotiateOpenApiV2, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, openApiV2Route, prepareOpenApiV2 } from './openapi-v2-route.js';
import type { SwaggerDocument } from './swagger-types.js';

const KUBECTL_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const DOT_ACCEPT = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

describe('/openapi/v2 Accept negotiation', () => {
  const prepared = prepareOpenApiV2(KINDS, 'v1.32.0-flotilla');
  const pick = (accept: string | undefined): string | undefined => negotiateOpenApiV2(parseAccept(accept), prepared)?.contentType;

  it('protobuf for either spelling of the protobuf type, labelled with the one Go can parse', () => {
    assert.equal(pick(KUBECTL_ACCEPT), OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    assert.equal(pick(DOT_ACCEPT), OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    assert.doesNotMatch(OPENAPI_V2_PROTOBUF_CONTENT_TYPE, /@/);
  });

  it('JSON for application/json, wildcards and no Accept; the best q wins', () => {
    for (const accept of ['application/json', '*/*', 'application/*', undefined]) assert.equal(pick(accept), 'application/json', String(accept));
    assert.equal(pick(`application/json;q=0.5, ${KUBECTL_ACCEPT}`), OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    assert.equal(pick(`${KUBECTL_ACCEPT};q=0.5, application/json`), 'application/json');
  });

  it('nothing for a type it cannot write', () => {
    assert.equal(pick('application/yaml'), undefined);
    assert.equal(pick('application/com.github.proto-openapi.spec.v3.v1.0+protobuf'), undefined);
  });
});

describe('/openapi/v2 over HTTP', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const handler = openApiV2Route(KINDS);
    server = createServer((req, res) => {
      void (async () => {
        const ctx = { req, res, url: new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), user: { name: 't', uid: 't', groups: [] } };
        if (!(await handler(ctx))) res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('protobuf and JSON carry the same document', async () => {
    const proto = await fetch(`${base}/openapi/v2`, { headers: { accept: KUBECTL_ACCEPT } });
    assert.equal(proto.status, 200);
    assert.equal(proto.headers.get('content-type'), OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    const fromProto = decodeGnostic(new Uint8Array(await proto.arrayBuffer()));
    const json = await fetch(`${base}/openapi/v2`, { headers: { accept: 'application/json' } });
    assert.equal(json.headers.get('content-type'), 'application/json');
    const fromJson = (await json.json()) as SwaggerDocument;
    assert.deepStrictEqual(fromProto, fromJson);
    assert.ok(fromJson.definitions['io.k8s.api.apps.v1.Deployment']);
  });

  it('ETag per representation, and 304 when the client holds it', async () => {
    const proto = await fetch(`${base}/openapi/v2`, { headers: { accept: KUBECTL_ACCEPT } });
    const json = await fetch(`${base}/openapi/v2`, { headers: { accept: 'application/json' } });
    const etag = proto.headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    assert.notEqual(etag, json.headers.get('etag'));
    assert.equal(proto.headers.get('vary'), 'Accept');
    const again = await fetch(`${base}/openapi/v2`, { headers: { accept: KUBECTL_ACCEPT, 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('406 for an unservable Accept; other paths and methods are left to the router', async () => {
    assert.equal((await fetch(`${base}/openapi/v2`, { headers: { accept: 'text/html' } })).status, 406);
    assert.equal((await fetch(`${base}/openapi/v3`)).status, 404);
    assert.equal((await fetch(`${base}/openapi/v2`, { method: 'POST' })).status, 404);
  });
});
