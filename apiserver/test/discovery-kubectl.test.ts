// The real kubectl against the discovery, OpenAPI and /version handlers alone,
// on a plain HTTP server: proves kubectl 1.27-1.33 read what they serve.
// Skips when kubectl is not installed, unless FLOTILLA_REQUIRE_KUBECTL=1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { KINDS } from '../../api/kinds/registry.js';
import { discoveryRoutes, versionRoute } from '../http/discovery/index.js';
import { openApiRoutes } from '../http/openapi/index.js';
import type { RequestContext, RouteHandler } from '../http/request-context.js';
import { apiResourcesTable } from '../../cli/commands/api-resources.js';

const run = promisify(execFile);

/** kubectl.1.<minor> next to the kubectl on PATH (the versioned binaries sit beside it). */
function findKubectl(minor: number): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'kubectl');
    if (dir === '' || !existsSync(candidate)) continue;
    const versioned = join(dirname(realpathSync(candidate)), `kubectl.1.${minor}`);
    return existsSync(versioned) ? versioned : undefined;
  }
  return undefined;
}

const MINORS = [27, 32, 33] as const;
const binaries = new Map(MINORS.map((m) => [m, findKubectl(m)]));
const missing = MINORS.filter((m) => binaries.get(m) === undefined);
if (missing.length > 0 && process.env['FLOTILLA_REQUIRE_KUBECTL'] === '1') {
  throw new Error(`kubectl 1.${missing.join(', 1.')} not found next to kubectl on PATH`);
}
const skip = missing.length > 0 ? `kubectl 1.${missing.join(', 1.')} not installed` : false;

/** Rows of a kubectl-style table, cut at the header's column starts, so empty cells survive. */
function tableRows(text: string): string[][] {
  const [header = '', ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  const starts = [...header.matchAll(/\S+/g)].map((m) => m.index);
  return lines
    .map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trim()))
    .sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));
}

describe('kubectl against discovery, OpenAPI and /version', { skip }, () => {
  let server: Server;
  let dir = '';
  let created: { query: string; body: unknown } | undefined;

  /** Stands in for the resource handlers: answers the one create the test sends. */
  const createDeployment: RouteHandler = async ({ req, res, url }: RequestContext) => {
    if (req.method !== 'POST' || url.pathname !== '/apis/apps/v1/namespaces/default/deployments') return false;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    created = { query: url.search, body };
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    return true;
  };

  before(async () => {
    const handlers: RouteHandler[] = [versionRoute(), discoveryRoutes(KINDS), openApiRoutes(KINDS), createDeployment];
    server = createServer((req, res) => {
      void (async () => {
        const ctx = { req, res, url: new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), user: { name: 'kubectl', uid: 'kubectl', groups: [] } };
        for (const h of handlers) if (await h(ctx)) return;
        const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' };
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify(status));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'flotilla-discovery-kubectl-'));
    const port = (server.address() as AddressInfo).port;
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: flotilla, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
        'users: [{name: anonymous, user: {}}]',
        'contexts: [{name: flotilla, context: {cluster: flotilla, user: anonymous, namespace: default}}]',
        'current-context: flotilla',
        '',
      ].join('\n'),
    );
  });
  after(() => {
    server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function kubectl(minor: (typeof MINORS)[number], ...args: string[]): Promise<string> {
    const binary = binaries.get(minor);
    assert.ok(binary);
    // A cache per version: a newer kubectl's discovery cache must not answer for an older one.
    const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir };
    const { stdout } = await run(binary, [...args, `--cache-dir=${join(dir, `cache-${minor}`)}`], { env, timeout: 60_000 });
    return stdout;
  }

  for (const minor of [32, 27] as const) {
    it(`kubectl 1.${minor} api-resources lists every kind as flotctl api-resources does`, async () => {
      const rows = tableRows(await kubectl(minor, 'api-resources'));
      assert.deepEqual(rows, tableRows(apiResourcesTable()));
      assert.equal(rows.length, KINDS.length);
    });
  }

  it('kubectl 1.33 api-versions', async () => {
    const versions = (await kubectl(33, 'api-versions')).trim().split('\n');
    assert.deepEqual(versions, ['apps/v1', 'batch/v1', 'coordination.k8s.io/v1', 'policy/v1', 'v1']);
  });

  it('kubectl 1.32 explain deployment.spec.replicas reads the OpenAPI v3 document', async () => {
    const out = await kubectl(32, 'explain', 'deployment.spec.replicas');
    assert.match(out, /KIND:\s+Deployment/);
    assert.match(out, /VERSION:\s+v1/);
    assert.match(out, /FIELD:\s+replicas <integer>/);
  });

  it('kubectl 1.32 version -o json reports the served Kubernetes version', async () => {
    const out = JSON.parse(await kubectl(32, 'version', '-o', 'json')) as { serverVersion?: Record<string, string> };
    assert.equal(out.serverVersion?.['major'], '1');
    assert.equal(out.serverVersion?.['minor'], '32');
    assert.match(out.serverVersion?.['gitVersion'] ?? '', /^v1\.32\./);
  });

  it('kubectl 1.32 create -f asks the server to validate strictly, having found fieldValidation', async () => {
    const manifest = join(dir, 'deployment.yaml');
    writeFileSync(
      manifest,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n' +
        '  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
    );
    const out = await kubectl(32, 'create', '-f', manifest);
    assert.match(out, /deployment\.apps\/web created/);
    assert.match(created?.query ?? '', /fieldValidation=Strict/);
  });

  it('kubectl 1.32 get --raw /api/v1 reads the legacy resource list', async () => {
    const list = JSON.parse(await kubectl(32, 'get', '--raw', '/api/v1')) as { kind: string; resources: { name: string }[] };
    assert.equal(list.kind, 'APIResourceList');
    assert.ok(list.resources.some((r) => r.name === 'pods/log'));
  });
});
