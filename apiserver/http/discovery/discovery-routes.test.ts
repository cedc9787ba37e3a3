import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import type { RouteHandler } from '../request-context.js';
import { discoveryFormatFor, discoveryRoutes } from './discovery-routes.js';
import { versionRoute } from './version-route.js';

const KUBECTL_130_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const KUBECTL_127_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery and /version over HTTP', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const handlers: RouteHandler[] = [discoveryRoutes(KINDS), versionRoute()];
    server = createServer((req, res) => {
      void (async () => {
        const ctx = { req, res, url: new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), user: { name: 't', uid: 't', groups: [] } };
        for (const h of handlers) if (await h(ctx)) return;
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('picks the format the way kubectl 1.27 and 1.30+ ask', () => {
    assert.equal(discoveryFormatFor(KUBECTL_130_ACCEPT), 'v2');
    assert.equal(discoveryFormatFor(KUBECTL_127_ACCEPT), 'v2beta1');
    assert.equal(discoveryFormatFor('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json'), 'legacy');
    assert.equal(discoveryFormatFor(undefined), 'legacy');
    assert.equal(discoveryFormatFor('application/yaml'), undefined);
  });

  it('answers /apis aggregated with the exact Content-Type, and 304 for a known ETag', async () => {
    const res = await fetch(`${base}/apis`, { headers: { accept: KUBECTL_130_ACCEPT } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(res.headers.get('vary'), 'Accept');
    const body = (await res.json()) as { kind: string };
    assert.equal(body.kind, 'APIGroupDiscoveryList');
    const etag = res.headers.get('etag') ?? '';
    const again = await fetch(`${base}/apis`, { headers: { accept: KUBECTL_130_ACCEPT, 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const old = await fetch(`${base}/api`, { headers: { accept: KUBECTL_127_ACCEPT } });
    assert.equal(old.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
  });

  it('falls back to legacy JSON, and refuses what it cannot write with a 406 Status', async () => {
    const api = await fetch(`${base}/api/`, { headers: { accept: 'application/json, */*' } });
    assert.equal(api.headers.get('content-type'), 'application/json');
    assert.deepEqual(await api.json(), {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(base).host }],
    });
    const v1 = (await (await fetch(`${base}/api/v1`)).json()) as { kind: string };
    assert.equal(v1.kind, 'APIResourceList');
    const group = (await (await fetch(`${base}/apis/apps`)).json()) as { kind: string; name: string };
    assert.deepEqual([group.kind, group.name], ['APIGroup', 'apps']);
    const refused = await fetch(`${base}/apis`, { headers: { accept: 'application/yaml' } });
    assert.equal(refused.status, 406);
    assert.equal(((await refused.json()) as { reason: string }).reason, 'NotAcceptable');
  });

  it('leaves other paths and methods to the next handler', async () => {
    assert.equal((await fetch(`${base}/apis/apps/v1/deployments`)).status, 404);
    assert.equal((await fetch(`${base}/apis/nope/v1`)).status, 404);
    assert.equal((await fetch(`${base}/apis`, { method: 'POST' })).status, 404);
  });

  it('/version reports a Kubernetes-compatible version', async () => {
    const info = (await (await fetch(`${base}/version`)).json()) as Record<string, string>;
    assert.equal(info['major'], '1');
    assert.equal(info['minor'], '32');
    assert.match(info['gitVersion'] ?? '', /^v1\.32\.\d+-flotilla$/);
    assert.match(info['platform'] ?? '', /^[a-z0-9]+\/[a-z0-9]+$/);
  });
});
