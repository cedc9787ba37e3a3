// The Kubernetes HTTP API over real HTTPS, against a real etcd: authentication,
// every verb, watches, Tables, the Status of every failure, the same objects
// as gRPC, and the real kubectl where it needs no discovery.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import { resources } from '../../api/resources.js';
import type { KubeList, KubeObject, Status } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { deployment, eventually, pod } from '../../testkit/objects/apiserver-fixtures.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { requireKubectl, runKubectl } from '../../testkit/kubectl.js';

/** The newest kubectl: the others meet the HTTPS port in e2e/kubectl-https.test.ts. */
const KUBECTL_VERSION = '1.33';
/** kube-apiserver's body limit; one byte more must be refused. */
const BODY_LIMIT_BYTES = 3 * 1024 * 1024;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const EVENT_WAIT_MS = 5_000;

let cp: TestControlPlane;
let grpc: ApiClient;
let ca: Buffer;
let token: string;
let port: number;

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json: any;
}

interface CallOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  token?: string | null;
}

function requestOptions(method: string, path: string, opts: CallOptions): RequestOptions {
  const headers: Record<string, string> = {};
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  if (opts.accept) headers.accept = opts.accept;
  if (opts.body !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    // Node frames no body of a DELETE unless told its length, as Go clients always do.
    headers['content-length'] = String(Buffer.byteLength(bodyText(opts.body)));
  }
  return { host: '127.0.0.1', port, method, path, ca, headers };
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** One HTTPS exchange; the body is sent as given when a string, else as JSON. */
function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(requestOptions(method, path, opts), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.end(bodyText(opts.body));
    else req.end();
  });
}

interface WatchEventLine {
  type: string;
  object: any;
}

/** A watch read as it streams: headers, events as they arrive, and its end. */
class HttpWatch {
  readonly events: WatchEventLine[] = [];
  status = 0;
  ended = false;
  private buffered = '';
  private readonly req;
  readonly headersArrived: Promise<void>;
  readonly done: Promise<void>;

  constructor(path: string, accept?: string) {
    let headersArrived!: () => void;
    let done!: () => void;
    this.headersArrived = new Promise((r) => (headersArrived = r));
    this.done = new Promise((r) => (done = r));
    this.req = httpsRequest(requestOptions('GET', path, { accept }), (res) => {
      this.status = res.statusCode ?? 0;
      headersArrived();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.buffered += chunk;
        let nl = this.buffered.indexOf('\n');
        while (nl >= 0) {
          const line = this.buffered.slice(0, nl);
          this.buffered = this.buffered.slice(nl + 1);
          if (line.trim()) this.events.push(JSON.parse(line) as WatchEventLine);
          nl = this.buffered.indexOf('\n');
        }
      });
      res.on('end', () => {
        this.ended = true;
        done();
      });
      res.on('error', () => {
        this.ended = true;
        done();
      });
    });
    this.req.on('error', () => {
      this.ended = true;
      done();
    });
    this.req.end();
  }

  take(count: number): Promise<WatchEventLine[]> {
    return eventually(`${count} watch events`, async () => (this.events.length >= count ? this.events.slice(0, count) : undefined), EVENT_WAIT_MS);
  }

  cancel(): void {
    this.req.destroy();
  }
}

function summary(events: WatchEventLine[]): string[] {
  return events.map((e) => `${e.type} ${e.object?.metadata?.name ?? e.object?.rows?.[0]?.cells?.[0] ?? ''}`.trim());
}

async function namespace(name: string): Promise<string> {
  const reply = await call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  assert.equal(reply.status, 201, reply.text);
  return name;
}

function assertStatus(reply: Reply, code: number, reason: string, message?: RegExp): void {
  assert.equal(reply.status, code, reply.text);
  const status = reply.json as Status;
  assert.equal(status.kind, 'Status', reply.text);
  assert.equal(status.code, code);
  assert.equal(status.reason, reason);
  if (message) assert.match(status.message, message);
}

before(async () => {
  cp = await startControlPlane({ https: true, extraArgs: ['--watch-bookmark-interval', '1'] });
  ca = readFileSync(cp.apiserver.caFile as string);
  token = cp.apiserver.token as string;
  port = cp.apiserver.httpsPort as number;
  grpc = cp.apiserver.client();
});

after(async () => {
  await cp?.stop();
});

describe('Kubernetes HTTP API', () => {
  it('serves health without credentials and nothing else', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const reply = await call('GET', path, { token: null });
      assert.equal(reply.status, 200, path);
      assert.equal(reply.text, 'ok');
    }
    assertStatus(await call('GET', '/api/v1/namespaces/default/pods', { token: null }), 401, 'Unauthorized');
    assertStatus(await call('GET', '/api/v1/namespaces/default/pods', { token: 'wrong' }), 401, 'Unauthorized');
    assertStatus(await call('GET', '/no/such/path', { token: null }), 401, 'Unauthorized');
  });

  it('creates, reads, updates and deletes a deployment', async () => {
    const ns = await namespace('crud');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const created = await call('POST', base, { body: deployment('web', ns, 2) });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.spec.strategy.type, 'RollingUpdate', 'defaults are applied');
    const got = await call('GET', `${base}/web`);
    assert.equal(got.status, 200);
    assert.equal(got.json.metadata.uid, created.json.metadata.uid);

    const changed = { ...got.json, spec: { ...got.json.spec, replicas: 3 } };
    const updated = await call('PUT', `${base}/web`, { body: changed });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.spec.replicas, 3);
    assert.equal(updated.json.metadata.generation, 2);
    assertStatus(await call('PUT', `${base}/web`, { body: changed }), 409, 'Conflict');
    assertStatus(await call('PUT', `${base}/other`, { body: updated.json }), 400, 'BadRequest', /does not match the name on the URL/);

    const dry = await call('POST', `${base}?dryRun=All`, { body: deployment('dry', ns) });
    assert.equal(dry.status, 201);
    assertStatus(await call('GET', `${base}/dry`), 404, 'NotFound', /deployments.apps "dry" not found/);
    assertStatus(await call('POST', base, { body: deployment('web', ns) }), 409, 'AlreadyExists');

    const deleted = await call('DELETE', `${base}/web`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.metadata.name, 'web');
    assertStatus(await call('GET', `${base}/web`), 404, 'NotFound');
  });

  it('lists with label and field selectors, in a namespace, across namespaces and cluster-scoped', async () => {
    const a = await namespace('list-a');
    const b = await namespace('list-b');
    for (const [ns, name, tier] of [[a, 'one', 'web'], [a, 'two', 'db'], [b, 'three', 'web']]) {
      const reply = await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod(name, ns, { labels: { tier, suite: 'list' } }) });
      assert.equal(reply.status, 201, reply.text);
    }
    const inA = await call('GET', `/api/v1/namespaces/${a}/pods`);
    assert.equal(inA.json.kind, 'PodList');
    assert.match(inA.json.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(inA.json.items.map((p: KubeObject) => p.metadata.name).sort(), ['one', 'two']);
    const web = await call('GET', `/api/v1/pods?labelSelector=${encodeURIComponent('suite=list,tier=web')}&limit=1`);
    assert.deepEqual(web.json.items.map((p: KubeObject) => p.metadata.name), ['one'], 'one page of one');
    const rest = await call('GET', `/api/v1/pods?labelSelector=${encodeURIComponent('suite=list,tier=web')}&limit=1&continue=${encodeURIComponent(web.json.metadata.continue)}`);
    assert.deepEqual(rest.json.items.map((p: KubeObject) => p.metadata.name), ['three'], 'the continue token resumes the list');
    const byName = await call('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent('metadata.name=three')}&resourceVersion=0`);
    assert.deepEqual(byName.json.items.map((p: KubeObject) => p.metadata.namespace), [b]);
    assertStatus(await call('GET', `/api/v1/pods?labelSelector=${encodeURIComponent('a in (')}`), 400, 'BadRequest');
    assertStatus(await call('GET', `/api/v1/pods?fieldSelector=spec.nothing%3Dx`), 400, 'BadRequest');

    const namespaces = await call('GET', '/api/v1/namespaces');
    assert.equal(namespaces.json.kind, 'NamespaceList');
    assert.ok(namespaces.json.items.some((n: KubeObject) => n.metadata.name === a));
    const one = await call('GET', `/api/v1/namespaces/${a}`);
    assert.equal(one.json.kind, 'Namespace');
    assert.equal(one.json.status.phase, 'Active');
  });

  it('writes status through the status subresource only', async () => {
    const ns = await namespace('status');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
    await call('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { body: deployment('web', ns) });
    const current = (await call('GET', base)).json;
    const withStatus = { ...current, spec: { ...current.spec, replicas: 9 }, status: { replicas: 1, readyReplicas: 1, observedGeneration: 1 } };
    const put = await call('PUT', `${base}/status`, { body: withStatus });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.status.readyReplicas, 1);
    assert.equal(put.json.spec.replicas, 1, 'a status write leaves spec alone');
    const patched = await call('PATCH', `${base}/status`, { body: { status: { availableReplicas: 1 } }, contentType: 'application/merge-patch+json' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.status.availableReplicas, 1);
    assert.equal((await call('GET', `${base}/status`)).json.status.availableReplicas, 1);
    assertStatus(await call('POST', `${base}/status`, { body: {} }), 405, 'MethodNotAllowed');
    assertStatus(await call('GET', `${base}/scaled`), 404, 'NotFound');
  });

  it('applies the three patch types, and routes apply-patch+yaml to server-side apply', async () => {
    const ns = await namespace('patch');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
    await call('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { body: deployment('web', ns) });
    const merge = await call('PATCH', base, { body: { metadata: { labels: { a: 'b' } } }, contentType: 'application/merge-patch+json' });
    assert.equal(merge.json.metadata.labels.a, 'b');
    const strategic = await call('PATCH', base, {
      body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    assert.equal(strategic.status, 200, strategic.text);
    assert.deepEqual(strategic.json.spec.template.spec.containers.map((c: { name: string }) => c.name).sort(), ['sidecar', 'web'], 'containers merge by name');
    const jsonPatch = await call('PATCH', base, { body: [{ op: 'replace', path: '/spec/replicas', value: 4 }], contentType: 'application/json-patch+json' });
    assert.equal(jsonPatch.json.spec.replicas, 4);
    const dry = await call('PATCH', `${base}?dryRun=All`, { body: { spec: { replicas: 7 } }, contentType: 'application/merge-patch+json' });
    assert.equal(dry.json.spec.replicas, 7);
    assert.equal((await call('GET', base)).json.spec.replicas, 4, 'a dry run stores nothing');
    assertStatus(await call('PATCH', base, { body: 'spec: {}', contentType: 'application/apply-patch+yaml' }), 422, 'Invalid', /fieldManager: Required value/);
    assertStatus(await call('PATCH', base, { body: 'spec: {}', contentType: 'application/apply-patch+cbor' }), 415, 'UnsupportedMediaType', /CBOR/);
    assertStatus(await call('PATCH', base, { body: {}, contentType: 'application/json' }), 415, 'UnsupportedMediaType');
    assertStatus(await call('PATCH', base, { body: '{"spec":', contentType: 'application/merge-patch+json' }), 400, 'BadRequest', /not valid JSON/);
  });

  it('deletes with propagation, preconditions, and collections by selector', async () => {
    const ns = await namespace('delete');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    await call('POST', base, { body: deployment('fg', ns) });
    const foreground = await call('DELETE', `${base}/fg`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' } });
    assert.equal(foreground.status, 202, foreground.text);
    assert.deepEqual(foreground.json.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(foreground.json.metadata.deletionTimestamp);
    await call('POST', base, { body: deployment('orphan', ns) });
    const orphan = await call('DELETE', `${base}/orphan?propagationPolicy=Orphan`);
    assert.equal(orphan.status, 202);
    assert.deepEqual(orphan.json.metadata.finalizers, ['orphan']);
    await call('POST', base, { body: deployment('pre', ns) });
    assertStatus(await call('DELETE', `${base}/pre`, { body: { preconditions: { uid: 'not-it' } } }), 409, 'Conflict');
    assertStatus(await call('DELETE', `${base}/pre?propagationPolicy=Sometimes`), 400, 'BadRequest');

    for (const [name, labels] of [['x1', { group: 'x' }], ['x2', { group: 'x' }], ['y1', { group: 'y' }]] as const) {
      await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod(name, ns, { labels }) });
    }
    const dry = await call('DELETE', `/api/v1/namespaces/${ns}/pods?labelSelector=group%3Dx&dryRun=All`);
    assert.equal(dry.json.items.length, 2);
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods`)).json.items.length, 3, 'a dry run deletes nothing');
    const collection = await call('DELETE', `/api/v1/namespaces/${ns}/pods?labelSelector=group%3Dx`);
    assert.equal(collection.status, 200, collection.text);
    assert.equal(collection.json.kind, 'PodList');
    assert.deepEqual(collection.json.items.map((p: KubeObject) => p.metadata.name).sort(), ['x1', 'x2']);
    assert.deepEqual((await call('GET', `/api/v1/namespaces/${ns}/pods`)).json.items.map((p: KubeObject) => p.metadata.name), ['y1']);
    assertStatus(await call('DELETE', '/api/v1/pods'), 405, 'MethodNotAllowed');
    assertStatus(await call('DELETE', '/api/v1/namespaces'), 405, 'MethodNotAllowed');
  });

  it('binds a pod through pods/binding', async () => {
    const ns = await namespace('bind');
    await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('p', ns) });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } };
    const reply = await call('POST', `/api/v1/namespaces/${ns}/pods/p/binding`, { body: binding });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.status, 'Success');
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods/p`)).json.spec.nodeName, 'node-a');
    assertStatus(await call('POST', `/api/v1/namespaces/${ns}/pods/p/binding`, { body: binding }), 409, 'Conflict');
    assertStatus(await call('POST', `/api/v1/namespaces/${ns}/pods/q/binding`, { body: binding }), 400, 'BadRequest', /does not match/);
  });

  it('streams watch events with the headers sent at once, and ends at timeoutSeconds', async () => {
    const ns = await namespace('watch');
    const watch = new HttpWatch(`/api/v1/namespaces/${ns}/pods?watch=1&timeoutSeconds=3`);
    await watch.headersArrived;
    assert.equal(watch.status, 200);
    assert.equal(watch.events.length, 0, 'headers come before any event');
    await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('a', ns) });
    await call('PATCH', `/api/v1/namespaces/${ns}/pods/a`, { body: { metadata: { labels: { x: 'y' } } }, contentType: 'application/merge-patch+json' });
    await call('DELETE', `/api/v1/namespaces/${ns}/pods/a`);
    assert.deepEqual(summary(await watch.take(3)), ['ADDED a', 'MODIFIED a', 'DELETED a']);
    const started = Date.now();
    await watch.done;
    assert.ok(Date.now() - started < 4_000, 'timeoutSeconds ends the watch');

    const created = (await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('b', ns) })).json as KubeObject;
    const bookmarks = new HttpWatch(`/api/v1/namespaces/${ns}/pods?watch=true&resourceVersion=${created.metadata.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=5`);
    const first = await bookmarks.take(1);
    assert.equal(first[0].type, 'BOOKMARK');
    assert.match(first[0].object.metadata.resourceVersion, /^\d+$/);
    bookmarks.cancel();
  });

  it('sends the initial state then a bookmark marking its end, for sendInitialEvents', async () => {
    const ns = await namespace('initial');
    await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('a', ns) });
    await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('b', ns) });
    const watch = new HttpWatch(`/api/v1/namespaces/${ns}/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=5`);
    const events = await watch.take(3);
    assert.deepEqual(summary(events.slice(0, 2)).sort(), ['ADDED a', 'ADDED b']);
    assert.equal(events[2].type, 'BOOKMARK');
    assert.equal(events[2].object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('c', ns) });
    await eventually('ADDED c', async () => summary(watch.events).includes('ADDED c'));
    watch.cancel();
    assertStatus(await call('GET', `/api/v1/namespaces/${ns}/pods?watch=1&sendInitialEvents=true`), 422, 'Invalid', /resourceVersionMatch/);
  });

  it('ends a watch from a compacted resourceVersion with one 410 Expired event', async () => {
    const ns = await namespace('compacted');
    const old = (await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: pod('old', ns) })).json as KubeObject;
    const relabel = (value: string): Promise<Reply> =>
      call('PATCH', `/api/v1/namespaces/${ns}/pods/old`, { body: { metadata: { labels: { a: value } } }, contentType: 'application/merge-patch+json' });
    await relabel('b');
    // Compacting at the latest revision keeps it: two writes put the old version's successor out of reach.
    const latest = (await relabel('c')).json as KubeObject;
    const etcd = new Etcd3({ hosts: cp.etcd.endpoint });
    try {
      await etcd.kv.compact({ revision: latest.metadata.resourceVersion, physical: true });
    } finally {
      etcd.close();
    }
    const watch = new HttpWatch(`/api/v1/namespaces/${ns}/pods?watch=1&timeoutSeconds=10&resourceVersion=${old.metadata.resourceVersion}`);
    await watch.done;
    assert.equal(watch.status, 200);
    assert.equal(watch.events.length, 1);
    assert.equal(watch.events[0].type, 'ERROR');
    assert.equal(watch.events[0].object.kind, 'Status');
    assert.equal(watch.events[0].object.code, 410);
    assert.equal(watch.events[0].object.reason, 'Expired');
    assert.match(watch.events[0].object.message, /too old resource version/);
  });

  it('answers Tables for get, list and watch when asked', async () => {
    const ns = await namespace('tables');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    await call('POST', base, { body: deployment('web', ns, 2) });
    const list = await call('GET', base, { accept: TABLE_ACCEPT });
    assert.equal(list.json.kind, 'Table');
    assert.equal(list.json.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(list.json.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(list.json.rows[0].cells.slice(0, 4), ['web', '0/2', '0', '0']);
    assert.equal(list.json.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(list.json.rows[0].object.metadata.namespace, ns);
    const one = await call('GET', `${base}/web?includeObject=Object`, { accept: TABLE_ACCEPT });
    assert.equal(one.json.rows.length, 1);
    assert.equal(one.json.rows[0].object.kind, 'Deployment');
    const plain = await call('GET', `${base}/web`, { accept: 'application/json' });
    assert.equal(plain.json.kind, 'Deployment');

    const watch = new HttpWatch(`${base}?watch=1&timeoutSeconds=5`, TABLE_ACCEPT);
    await call('POST', base, { body: deployment('api', ns) });
    const events = await watch.take(2);
    assert.deepEqual(summary(events).sort(), ['ADDED api', 'ADDED web']);
    assert.equal(events[0].object.kind, 'Table');
    assert.equal(events[0].object.columnDefinitions.length, 8, 'the first event carries the columns');
    assert.equal(events[1].object.columnDefinitions.length, 0, 'later events do not');
    watch.cancel();
    assertStatus(await call('GET', base, { accept: 'application/vnd.kubernetes.protobuf' }), 406, 'NotAcceptable');
  });

  it('answers metadata only when asked for PartialObjectMetadata, on get, list and watch', async () => {
    const ns = await namespace('partial');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    await call('POST', base, { body: deployment('web', ns, 2) });
    const accept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
    const list = await call('GET', `${base}?fieldSelector=metadata.name%3Dweb`, { accept });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.kind, 'PartialObjectMetadataList');
    assert.equal(list.json.apiVersion, 'meta.k8s.io/v1');
    assert.ok(list.json.metadata.resourceVersion);
    assert.deepEqual(list.json.items.map((i: KubeObject) => [i.kind, i.metadata.name, Object.keys(i).sort().join(',')]), [['PartialObjectMetadata', 'web', 'apiVersion,kind,metadata']]);
    assert.equal(list.json.items[0].metadata.namespace, ns);
    const one = await call('GET', `${base}/web`, { accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
    assert.equal(one.json.kind, 'PartialObjectMetadata');
    assert.equal(one.json.spec, undefined);
    assert.equal(one.json.metadata.uid, list.json.items[0].metadata.uid);

    const watch = new HttpWatch(`${base}?watch=1&timeoutSeconds=5&resourceVersion=${list.json.metadata.resourceVersion}`, 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1');
    await call('POST', base, { body: deployment('api', ns) });
    const [added] = await watch.take(1);
    watch.cancel();
    assert.equal(added.type, 'ADDED');
    assert.equal(added.object.kind, 'PartialObjectMetadata');
    assert.equal(added.object.metadata.name, 'api');
    assert.equal(added.object.spec, undefined);
  });

  it('answers every bad request with a Status and stores nothing', async () => {
    const ns = await namespace('bad');
    const pods = `/api/v1/namespaces/${ns}/pods`;
    assertStatus(await call('GET', '/api/v1/widgets'), 404, 'NotFound');
    assertStatus(await call('GET', '/apis/apps/v1/namespaces/default/pods'), 404, 'NotFound');
    assertStatus(await call('GET', `/api/v1/namespaces/${ns}/deployments`), 404, 'NotFound');
    assertStatus(await call('GET', `${pods}/p/exec`), 400, 'BadRequest', /Upgrade request required/);
    assertStatus(await call('PUT', pods, { body: pod('p', ns) }), 405, 'MethodNotAllowed');
    assertStatus(await call('POST', '/api/v1/pods', { body: pod('p', ns) }), 405, 'MethodNotAllowed');
    assertStatus(await call('POST', pods, { body: '{"metadata": {"name": "p"', contentType: 'application/json' }), 400, 'BadRequest', /not valid JSON/);
    assertStatus(await call('POST', pods, { body: '[1,2]' }), 400, 'BadRequest');
    assertStatus(await call('POST', pods, { body: { ...pod('p', ns), kind: 'Deployment', apiVersion: 'apps/v1' } }), 400, 'BadRequest');
    assertStatus(await call('POST', pods, { body: 'kind: Pod', contentType: 'application/yaml' }), 415, 'UnsupportedMediaType');
    assertStatus(await call('POST', pods, { body: '\u0000', contentType: 'application/vnd.kubernetes.protobuf' }), 400, 'BadRequest', /protobuf prefix/);
    const huge = JSON.stringify({ ...pod('huge', ns), metadata: { name: 'huge', annotations: { a: 'x'.repeat(BODY_LIMIT_BYTES) } } });
    assertStatus(await call('POST', pods, { body: huge }), 413, 'RequestEntityTooLarge');
    assertStatus(await call('POST', pods, { body: { metadata: { name: 'Bad_Name' }, spec: { containers: [] } } }), 422, 'Invalid');
    assertStatus(await call('GET', `${pods}?watch=maybe`), 400, 'BadRequest');
    assertStatus(await call('GET', `${pods}?watch=1&resourceVersion=abc`), 400, 'BadRequest');
    assert.deepEqual((await call('GET', pods)).json.items, [], 'nothing was stored');
    assert.equal((await call('GET', '/healthz')).status, 200, 'the server lives on');
  });

  it('shares objects with gRPC both ways', async () => {
    const ns = await namespace('shared');
    const viaGrpc = await grpc.create(resources.pods, pod('from-grpc', ns));
    const seen = await call('GET', `/api/v1/namespaces/${ns}/pods/from-grpc`);
    assert.equal(seen.json.metadata.uid, viaGrpc.metadata.uid);
    assert.equal(seen.json.metadata.resourceVersion, viaGrpc.metadata.resourceVersion);
    const viaHttp = await call('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { body: deployment('from-http', ns) });
    const got = await grpc.get(resources.deployments, ns, 'from-http');
    assert.equal(got.metadata.uid, viaHttp.json.metadata.uid);
    const list: KubeList = await grpc.list(resources.pods, { namespace: ns });
    assert.equal(list.items.length, 1);
  });

  it('counts HTTP requests in the apiserver metrics', async () => {
    await call('GET', '/apis/apps/v1/deployments');
    const text = (await cp.apiserver.health('/metrics')).body;
    assert.match(text, /apiserver_request_total\{verb="list",resource="deployments.apps",code="200"\} \d+/);
    assert.match(text, /apiserver_request_total\{verb="create",resource="pods\/binding",code="201"\} \d+/);
    assert.match(text, /apiserver_request_total\{verb="get",resource="",code="401"\} \d+/);
  });

  it('answers the real kubectl (raw requests)', async (t) => {
    if (!requireKubectl(t, KUBECTL_VERSION)) return;
    const kubeconfig = cp.apiserver.kubeconfigPath as string;
    await call('POST', '/api/v1/namespaces/default/pods', { body: pod('for-kubectl') });
    const listed = await runKubectl(['get', '--raw', '/api/v1/namespaces/default/pods'], { kubeconfig, version: KUBECTL_VERSION });
    assert.equal(listed.code, 0, listed.stderr);
    const list = JSON.parse(listed.stdout) as KubeList;
    assert.ok(list.items.some((p) => p.metadata.name === 'for-kubectl'));
    const missing = await runKubectl(['get', '--raw', '/api/v1/namespaces/default/pods/none'], { kubeconfig, version: KUBECTL_VERSION });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NotFound|not found/);
    await call('DELETE', '/api/v1/namespaces/default/pods/for-kubectl');
  });
});
