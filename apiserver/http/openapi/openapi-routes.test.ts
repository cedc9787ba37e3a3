import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import type { OpenApiIndex } from './document-types.js';
import { openApiRoutes } from './openapi-routes.js';

describe('/openapi/v3 over HTTP', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const handler = openApiRoutes(KINDS);
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

  async function index(): Promise<OpenApiIndex> {
    const res = await fetch(`${base}/openapi/v3`);
    assert.equal(res.status, 200);
    return (await res.json()) as OpenApiIndex;
  }

  it('the index hash is the SHA-512 of the document bytes, and pins the document immutable', async () => {
    const url = (await index()).paths['apis/apps/v1']?.serverRelativeURL ?? '';
    assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const res = await fetch(`${base}${url}`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const hash = createHash('sha512').update(bytes).digest('hex').toUpperCase();
    assert.equal(url.split('hash=')[1], hash);
    assert.equal(res.headers.get('etag'), `"${hash}"`);
    assert.equal(res.headers.get('cache-control'), 'public, immutable');
    assert.ok(res.headers.get('expires'));
    assert.equal((await fetch(`${base}${url}`, { headers: { 'if-none-match': `"${hash}"` } })).status, 304);
  });

  it('unpinned is not cached; a stale hash is redirected to the current one', async () => {
    const url = (await index()).paths['api/v1']?.serverRelativeURL ?? '';
    const unpinned = await fetch(`${base}/openapi/v3/api/v1`);
    assert.equal(unpinned.status, 200);
    assert.equal(unpinned.headers.get('cache-control'), 'no-cache, private');
    const stale = await fetch(`${base}/openapi/v3/api/v1?hash=0123`, { redirect: 'manual' });
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.get('location'), url);
  });

  it('only JSON is written; unknown group-versions and /openapi/v2 are left to other handlers', async () => {
    const proto = await fetch(`${base}/openapi/v3/api/v1`, { headers: { accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf' } });
    assert.equal(proto.status, 406);
    assert.equal((await fetch(`${base}/openapi/v3/apis/example.com/v1`)).status, 404);
    assert.equal((await fetch(`${base}/openapi/v2`)).status, 404);
  });
});
