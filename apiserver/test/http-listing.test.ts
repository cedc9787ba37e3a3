// Paged lists, resourceVersion reads, evictions and protobuf bodies over the
// real HTTPS port against a real etcd, and the real kubectl paging and draining.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { KubeList, Status } from '../../api/types/index.js';
import { httpsRequest, type HttpsResponse } from '../../testkit/https-get.js';
import { requireKubectl, runKubectl } from '../../testkit/kubectl.js';
import { namespaceObject, pod } from '../../testkit/objects/apiserver-fixtures.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { PROTOBUF_MAGIC } from '../http/protobuf/decode-object.js';
import { messageType, UNKNOWN_TYPE } from '../http/protobuf/k8s-messages.js';

/** The kubectl whose paging and drain are checked: the first that sends protobuf for core kinds. */
const KUBECTL_VERSION = '1.32';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

let cp: TestControlPlane;
let ca: Buffer;
let token: string;
let base: string;

interface Reply extends HttpsResponse {
  json: any;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const raw = body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const contentType: Record<string, string> = body === undefined ? {} : { 'content-type': Buffer.isBuffer(body) ? PROTOBUF : 'application/json' };
  const res = await httpsRequest(method, `${base}${path}`, { ca, token, body: raw, headers: { ...contentType, ...headers } });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

function assertStatus(reply: Reply, code: number, reason: string, message?: RegExp): Status {
  assert.equal(reply.status, code, reply.body);
  const status = reply.json as Status;
  assert.equal(status.kind, 'Status');
  assert.equal(status.reason, reason);
  assert.ok(status.metadata, 'a Status always carries metadata');
  if (message) assert.match(status.message, message);
  return status;
}

async function namespaceWithConfigMaps(name: string, count: number): Promise<void> {
  assert.equal((await call('POST', '/api/v1/namespaces', namespaceObject(name))).status, 201);
  for (let i = 0; i < count; i++) {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: name, labels: { odd: String(i % 2 === 1) } } };
    assert.equal((await call('POST', `/api/v1/namespaces/${name}/configmaps`, cm)).status, 201);
  }
}

function names(list: KubeList): string[] {
  return list.items.map((item) => item.metadata.name ?? '');
}

/** A body as kubectl sends protobuf: the prefix, then an Unknown holding the object's own message. */
function protobufBody(apiVersion: string, kind: string, typeName: string, object: Record<string, unknown>): Buffer {
  const type = messageType(typeName);
  const unknown = messageType(UNKNOWN_TYPE);
  const raw = type.encode(type.fromObject(object)).finish();
  return Buffer.concat([PROTOBUF_MAGIC, unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish()]);
}

before(async () => {
  cp = await startControlPlane({ https: true });
  ca = readFileSync(cp.apiserver.caFile as string);
  token = cp.apiserver.token as string;
  base = `https://127.0.0.1:${cp.apiserver.httpsPort as number}`;
});

after(async () => {
  await cp?.stop();
});

describe('paged lists over HTTPS', () => {
  it('pages with limit and continue at one revision, as a list and as a Table', async () => {
    await namespaceWithConfigMaps('paging', 5);
    const first = await call('GET', '/api/v1/namespaces/paging/configmaps?limit=2');
    assert.equal(first.status, 200, first.body);
    assert.deepEqual(names(first.json), ['cm-0', 'cm-1']);
    assert.equal(first.json.metadata.remainingItemCount, 3);
    await call('POST', '/api/v1/namespaces/paging/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-00' } });
    const token1 = encodeURIComponent(first.json.metadata.continue as string);
    const second = await call('GET', `/api/v1/namespaces/paging/configmaps?limit=2&continue=${token1}`);
    assert.deepEqual(names(second.json), ['cm-2', 'cm-3'], 'written after the first page: not in this list');
    assert.equal(second.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
    const table = await call('GET', `/api/v1/namespaces/paging/configmaps?limit=2&continue=${encodeURIComponent(second.json.metadata.continue as string)}`, undefined, { accept: TABLE_ACCEPT });
    assert.equal(table.json.kind, 'Table');
    assert.deepEqual(table.json.rows.map((r: { cells: string[] }) => r.cells[0]), ['cm-4']);
    assert.equal(table.json.metadata.continue, undefined);
    const selective = await call('GET', '/api/v1/namespaces/paging/configmaps?limit=1&labelSelector=odd%3Dtrue');
    assert.deepEqual(names(selective.json), ['cm-1']);
    assert.equal(selective.json.metadata.remainingItemCount, undefined);
  });

  it('answers 410 Expired with a fresh token once the revision is compacted, and 400 for a bad token', async () => {
    await namespaceWithConfigMaps('compacting', 3);
    const first = await call('GET', '/api/v1/namespaces/compacting/configmaps?limit=1');
    await call('POST', '/api/v1/namespaces/compacting/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-00' } });
    await cp.etcd.compactToNewest();
    const expiredReply = await call('GET', `/api/v1/namespaces/compacting/configmaps?limit=1&continue=${encodeURIComponent(first.json.metadata.continue as string)}`);
    const status = assertStatus(
      expiredReply,
      410,
      'Expired',
      /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results\. Continuing with the provided token results in an inconsistent list/,
    );
    const rest = await call('GET', `/api/v1/namespaces/compacting/configmaps?continue=${encodeURIComponent(status.metadata?.continue ?? '')}`);
    assert.deepEqual(names(rest.json), ['cm-00', 'cm-1', 'cm-2']);
    assertStatus(await call('GET', '/api/v1/namespaces/compacting/configmaps?continue=garbage!'), 400, 'BadRequest', /^invalid continue token/);
  });

  it('reads at an exact resourceVersion and checks how the parameters combine', async () => {
    await namespaceWithConfigMaps('versions', 1);
    const then = (await call('GET', '/api/v1/namespaces/versions/configmaps')).json.metadata.resourceVersion as string;
    await call('POST', '/api/v1/namespaces/versions/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } });
    const exact = await call('GET', `/api/v1/namespaces/versions/configmaps?resourceVersion=${then}&resourceVersionMatch=Exact`);
    assert.deepEqual(names(exact.json), ['cm-0']);
    assert.equal(exact.json.metadata.resourceVersion, then);
    const newer = await call('GET', `/api/v1/namespaces/versions/configmaps?resourceVersion=${then}&resourceVersionMatch=NotOlderThan`);
    assert.deepEqual(names(newer.json), ['cm-0', 'later']);
    assertStatus(await call('GET', '/api/v1/namespaces/versions/configmaps?resourceVersionMatch=Exact'), 422, 'Invalid', /resourceVersionMatch is forbidden unless resourceVersion is provided/);
    assertStatus(await call('GET', '/api/v1/namespaces/versions/configmaps/cm-0?resourceVersion=999999999'), 504, 'Timeout', /^Too large resource version: 999999999, current: \d+$/);
  });
});

describe('pods/eviction over HTTPS', () => {
  it('is listed in discovery for drain, and evicts gracefully with a 201 Success Status', async () => {
    const discovery = await call('GET', '/api/v1');
    assert.ok(discovery.json.resources.some((r: { name: string; group?: string; kind: string }) => r.name === 'pods/eviction' && r.group === 'policy' && r.kind === 'Eviction'));
    assert.equal((await call('POST', '/api/v1/namespaces/default/pods', pod('evictee', 'default', { spec: { nodeName: 'node-x' } }))).status, 201);
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evictee', namespace: 'default' } };
    assertStatus(await call('POST', '/api/v1/namespaces/default/pods/evictee/eviction', { ...eviction, metadata: { name: 'other' } }), 400, 'BadRequest', /name in URL does not match/);
    const dry = await call('POST', '/api/v1/namespaces/default/pods/evictee/eviction?dryRun=All', eviction);
    assert.equal(dry.status, 201, dry.body);
    assert.equal((await call('GET', '/api/v1/namespaces/default/pods/evictee')).json.metadata.deletionTimestamp, undefined);
    const evicted = await call('POST', '/api/v1/namespaces/default/pods/evictee/eviction', eviction);
    assert.equal(evicted.status, 201, evicted.body);
    assert.deepEqual(evicted.json, { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 });
    const marked = await call('GET', '/api/v1/namespaces/default/pods/evictee');
    assert.ok(marked.json.metadata.deletionTimestamp, 'a pod on a node is deleted gracefully');
    const now = await call('POST', '/api/v1/namespaces/default/pods/evictee/eviction', { ...eviction, apiVersion: 'policy/v1beta1', deleteOptions: { gracePeriodSeconds: 0 } });
    assert.equal(now.status, 201, now.body);
    assertStatus(await call('GET', '/api/v1/namespaces/default/pods/evictee'), 404, 'NotFound');
    assertStatus(await call('POST', '/api/v1/namespaces/default/pods/evictee/eviction', eviction), 404, 'NotFound', /pods "evictee" not found/);
  });
});

describe('pods/eviction against a PodDisruptionBudget over HTTPS', () => {
  const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

  async function readyPod(name: string): Promise<void> {
    assert.equal((await call('POST', '/api/v1/namespaces/default/pods', pod(name, 'default', { labels: { app: 'guarded' }, spec: { nodeName: 'node-x' } }))).status, 201);
    const stored = (await call('GET', `/api/v1/namespaces/default/pods/${name}`)).json;
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    assert.equal((await call('PUT', `/api/v1/namespaces/default/pods/${name}/status`, { ...stored, status })).status, 200);
  }

  it('refuses a budget with both bounds, and of two concurrent evictions with one disruption allowed answers exactly one 201 and one 429', async () => {
    const both = await call('POST', PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'both' }, spec: { minAvailable: 1, maxUnavailable: 1 } });
    assertStatus(both, 422, 'Invalid', /^PodDisruptionBudget.policy "both" is invalid: spec: Invalid value: .*minAvailable and maxUnavailable cannot be both set$/);
    await readyPod('guarded-1');
    await readyPod('guarded-2');
    const created = await call('POST', PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guard' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } });
    assert.equal(created.status, 201, created.body);
    const status = { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, observedGeneration: created.json.metadata.generation };
    assert.equal((await call('PUT', `${PDBS}/guard/status`, { ...created.json, status })).status, 200);

    const evict = (name: string) => call('POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    const replies = await Promise.all([evict('guarded-1'), evict('guarded-2')]);
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 429], replies.map((r) => r.body).join('\n'));
    const refused = assertStatus(replies.find((r) => r.status === 429)!, 429, 'TooManyRequests', /^Cannot evict pod as it would violate the pod's disruption budget\.$/);
    assert.deepEqual(refused.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 2 currently' }]);

    const evicted = replies[0]!.status === 201 ? 'guarded-1' : 'guarded-2';
    const pdb = (await call('GET', `${PDBS}/guard`)).json;
    assert.equal(pdb.status.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(pdb.status.disruptedPods), [evicted]);
    assert.ok((await call('GET', `/api/v1/namespaces/default/pods/${evicted}`)).json.metadata.deletionTimestamp);
    const listed = await call('GET', PDBS, undefined, { accept: TABLE_ACCEPT });
    assert.deepEqual(listed.json.columnDefinitions.filter((c: { priority: number }) => c.priority === 0).map((c: { name: string }) => c.name), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
  });
});

describe('protobuf bodies over HTTPS', () => {
  it('creates a Pod sent as protobuf and stores what the JSON body would have held', async () => {
    const body = protobufBody('v1', 'Pod', 'k8s.io.api.core.v1.Pod', {
      metadata: { name: 'from-protobuf', namespace: 'default', labels: { app: 'pb' } },
      spec: {
        containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'], ports: [{ containerPort: 80 }], resources: { limits: { memory: { string: '64Mi' } } } }],
        restartPolicy: 'Never',
      },
    });
    const created = await call('POST', '/api/v1/namespaces/default/pods', body);
    assert.equal(created.status, 201, created.body);
    const stored = (await call('GET', '/api/v1/namespaces/default/pods/from-protobuf')).json;
    assert.deepEqual(stored.metadata.labels, { app: 'pb' });
    assert.equal(stored.spec.restartPolicy, 'Never');
    assert.deepEqual(stored.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.deepEqual(stored.spec.containers[0].resources, { limits: { memory: '64Mi' }, requests: { memory: '64Mi' } }, 'requests default to limits');
  });
});

describe('the real kubectl', () => {
  it('pages `get pods --chunk-size=2` to the same table as one chunk', async (t) => {
    if (!requireKubectl(t, KUBECTL_VERSION)) return;
    const kubeconfig = cp.apiserver.kubeconfigPath as string;
    assert.equal((await call('POST', '/api/v1/namespaces', namespaceObject('chunks'))).status, 201);
    for (let i = 0; i < 5; i++) assert.equal((await call('POST', '/api/v1/namespaces/chunks/pods', pod(`p-${i}`, 'chunks'))).status, 201);
    const columns = ['-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image'];
    const chunked = await runKubectl(['get', 'pods', '-n', 'chunks', '--chunk-size=2', '-v=6', ...columns], { kubeconfig, version: KUBECTL_VERSION });
    assert.equal(chunked.code, 0, chunked.stderr);
    const whole = await runKubectl(['get', 'pods', '-n', 'chunks', '--chunk-size=0', ...columns], { kubeconfig, version: KUBECTL_VERSION });
    assert.equal(whole.code, 0, whole.stderr);
    assert.equal(chunked.stdout, whole.stdout);
    assert.equal(whole.stdout.trim().split('\n').length, 6, whole.stdout);
    assert.equal((chunked.stderr.match(/pods\?.*limit=2/g) ?? []).length, 3, 'three pages of two');
    const tables = await runKubectl(['get', 'pods', '-n', 'chunks', '--chunk-size=2'], { kubeconfig, version: KUBECTL_VERSION });
    assert.equal(tables.code, 0, tables.stderr);
    assert.deepEqual(tables.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0]), ['p-0', 'p-1', 'p-2', 'p-3', 'p-4']);
  });

  it('drains a node by evicting its pods', async (t) => {
    if (!requireKubectl(t, KUBECTL_VERSION)) return;
    const kubeconfig = cp.apiserver.kubeconfigPath as string;
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'drained', labels: { 'kubernetes.io/hostname': 'drained' } } };
    assert.equal((await call('POST', '/api/v1/nodes', node)).status, 201);
    assert.equal((await call('POST', '/api/v1/namespaces', namespaceObject('draining'))).status, 201);
    for (const name of ['a', 'b']) {
      assert.equal((await call('POST', '/api/v1/namespaces/draining/pods', pod(name, 'draining', { spec: { nodeName: 'drained' } }))).status, 201);
    }
    const drained = await runKubectl(['drain', 'drained', '--force', '--grace-period=0', '--timeout=20s', '-v=6'], { kubeconfig, version: KUBECTL_VERSION });
    assert.equal(drained.code, 0, `${drained.stdout}\n${drained.stderr}`);
    assert.match(drained.stderr, /POST https:\/\/\S+\/api\/v1\/namespaces\/draining\/pods\/a\/eviction 201/);
    assert.match(drained.stdout, /pod\/a evicted/);
    assert.match(drained.stdout, /node\/drained drained/);
    assert.equal((await call('GET', '/api/v1/namespaces/draining/pods')).json.items.length, 0);
    assert.equal((await call('GET', '/api/v1/nodes/drained')).json.spec.unschedulable, true);
  });
});
