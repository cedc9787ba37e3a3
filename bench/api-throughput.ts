// The apiserver's write path against its floor, in one run on one etcd: pod
// creates at a fixed concurrency through the apiserver (gRPC, then HTTPS) and
// the same create-if-absent transactions (key absent, namespace unchanged, the
// bytes the apiserver stores for such a pod) sent straight to etcd through the
// apiserver's own store code. Then the latency of listing one namespace of
// --list-pods pods, over gRPC and HTTPS JSON, consistent (no resourceVersion)
// and resourceVersion=0. Prints the figures against the goals; no assertions.
//   node dist/bench/api-throughput.js [--creates 5000] [--concurrency 32] [--list-pods 5000] [--lists 20]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resources } from '../api/resources.js';
import type { Pod } from '../api/types/index.js';
import { EtcdStore } from '../apiserver/storage/etcd-store.js';
import { KeySpace } from '../apiserver/storage/keys.js';
import { apiChannel, type ApiCredentials } from '../client/api-credentials.js';
import { apiServiceConstructor, MAX_MESSAGE_BYTES } from '../client/grpc-definition.js';
import type { ListRequest } from '../proto/generated/flotilla/v1/ListRequest.js';
import { createNamespace } from '../testkit/objects/workloads.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { ratePerSecond, reportRun, runConcurrently, type RunResult } from './concurrent-run.js';
import { benchHttpsClient, type BenchHttps } from './https-client.js';
import { percentile } from './percentiles.js';
import { measureCpu, rssMiB } from './process-stats.js';

const USER_AGENT = 'api-throughput-bench/1.0';
/** The key prefix the apiserver serves (its --etcd-prefix default). */
const REGISTRY_PREFIX = '/registry';
/** Raw writes go outside the apiserver's prefix, so its watches and lists never see them. */
const RAW_PREFIX = '/bench-raw';
const WARMUP_CREATES = 200;
const WARMUP_LISTS = 2;
const LIST_DEADLINE_MS = 60_000;
const GOAL_RATE_RATIO = 0.8;
const GOAL_P99_RATIO = 2;
const GOAL_LIST_MS = 100;

const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    'list-pods': { type: 'string', default: '5000' },
    lists: { type: 'string', default: '20' },
  },
});
const CREATES = Number(values.creates);
const CONCURRENCY = Number(values.concurrency);
const LIST_PODS = Number(values['list-pods']);
const LISTS = Number(values.lists);

function pod(namespace: string, name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench', shard: String(name.length % 4) } },
    spec: { nodeName: 'bench-node', containers: [{ name: 'c', image: 'flotilla/busybox:1.35', command: ['sleep', '3600'] }] },
  };
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;
const p99 = (r: RunResult): number => percentile(r.latencies, 99);
const p50 = (r: RunResult): number => percentile(r.latencies, 50);

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

/** The same transactions the apiserver sends for a pod create, straight to etcd. */
async function rawCreates(store: EtcdStore, namespace: string, value: Buffer, count: number, tag: string): Promise<RunResult> {
  const keys = new KeySpace(REGISTRY_PREFIX);
  const nsKey = keys.objectKey(resources.namespaces, '', namespace);
  const ns = await store.get(nsKey);
  if (!ns) throw new Error(`namespace ${namespace} is not in etcd at ${nsKey}`);
  const guard = { key: nsKey, modRevision: ns.modRevision };
  return runConcurrently(count, CONCURRENCY, async (i) => {
    const result = await store.create(`${RAW_PREFIX}/pods/${namespace}/${tag}-${i}`, value, '0', guard);
    if (!result.ok) throw new Error(`raw create ${i} failed`);
  });
}

/** A raw stub on the apiserver's channel (TLS and the admin's credentials when it has them), to time lists without parsing. */
function grpcListCall(address: string, creds: ApiCredentials | undefined): { list(req: ListRequest): Promise<string>; close(): void } {
  const Ctor = apiServiceConstructor();
  const channel = apiChannel(address, creds);
  const stub = new Ctor(address, channel.credentials, {
    ...channel.options,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  return {
    list: (req) =>
      new Promise((resolve, reject) => {
        stub.list(req, { deadline: Date.now() + LIST_DEADLINE_MS }, (err, reply) => (err || !reply ? reject(err ?? new Error('empty reply')) : resolve(reply.listJson)));
      }),
    close: () => stub.close(),
  };
}

/** `times` lists one after another (after a warm-up); the reply is received whole but not parsed. */
async function timeLists(times: number, expected: number, one: () => Promise<string>): Promise<RunResult> {
  const check = (body: string): void => {
    const count = (JSON.parse(body) as { items: unknown[] }).items.length;
    if (count !== expected) throw new Error(`the list held ${count} items, expected ${expected}`);
  };
  for (let i = 0; i < WARMUP_LISTS; i++) check(await one());
  return runConcurrently(times, 1, async () => void (await one()));
}

async function httpsList(https: BenchHttps, path: string): Promise<string> {
  const reply = await https.call('GET', path);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  return reply.body;
}

async function main(): Promise<void> {
  const plane = await startControlPlane({ https: true });
  const api = plane.apiserver;
  const client = api.client();
  const https = benchHttpsClient(api.httpsPort as number, readFileSync(api.caFile as string), api.token as string, CONCURRENCY, USER_AGENT);
  const store = new EtcdStore([plane.etcd.endpoint]);
  const lists = grpcListCall(api.address, api.credentials);
  try {
    for (const ns of ['bench-grpc', 'bench-https', 'bench-raw', 'bench-warm']) await createNamespace(client, ns);
    await runConcurrently(WARMUP_CREATES, CONCURRENCY, async (i) => void (await client.create(resources.pods, pod('bench-warm', `w-${i}`))));
    const stored = await store.get(new KeySpace(REGISTRY_PREFIX).objectKey(resources.pods, 'bench-warm', 'w-0'));
    if (!stored) throw new Error('the warm-up pod is not in etcd');
    await rawCreates(store, 'bench-raw', stored.value, WARMUP_CREATES, 'warm');

    console.log(`creates: ${CREATES} pods each, ${CONCURRENCY} in flight; a stored pod is ${stored.value.length} bytes`);
    const pids = { apiserver: api.process.child.pid as number, etcd: plane.etcd.process.child.pid as number, bench: process.pid };
    const measured = async (label: string, work: () => Promise<RunResult>): Promise<RunResult> => {
      const { result, cpu } = await measureCpu(pids, work);
      reportRun(label, result);
      const perCreate = Object.entries(cpu).map(([name, spent]) => `${name} ${((spent * 1000) / CREATES).toFixed(0)} µs`);
      console.log(`           CPU per create: ${perCreate.join(', ')}`);
      return result;
    };
    const raw = await measured('etcd txn  ', () => rawCreates(store, 'bench-raw', stored.value, CREATES, 'p'));
    const viaGrpc = await measured('api gRPC  ', () =>
      runConcurrently(CREATES, CONCURRENCY, async (i) => void (await client.create(resources.pods, pod('bench-grpc', `p-${i}`)))),
    );
    const viaHttps = await measured('api HTTPS ', () =>
      runConcurrently(CREATES, CONCURRENCY, async (i) => {
        const reply = await https.call('POST', '/api/v1/namespaces/bench-https/pods', JSON.stringify(pod('bench-https', `p-${i}`)));
        if (reply.status !== 201) throw new Error(`create answered ${reply.status}: ${reply.body.slice(0, 200)}`);
      }),
    );
    const rateRatio = ratePerSecond(viaGrpc) / ratePerSecond(raw);
    const p99Ratio = p99(viaGrpc) / p99(raw);
    console.log(`gRPC / etcd rate: ${(rateRatio * 100).toFixed(0)}% (goal >= ${GOAL_RATE_RATIO * 100}%: ${verdict(rateRatio >= GOAL_RATE_RATIO)})`);
    console.log(`gRPC / etcd p99: ${p99Ratio.toFixed(2)}x (goal <= ${GOAL_P99_RATIO}x: ${verdict(p99Ratio <= GOAL_P99_RATIO)})`);
    console.log(`HTTPS / etcd rate: ${((ratePerSecond(viaHttps) / ratePerSecond(raw)) * 100).toFixed(0)}%, p99 ${(p99(viaHttps) / p99(raw)).toFixed(2)}x`);

    if (LIST_PODS > CREATES) {
      await runConcurrently(LIST_PODS - CREATES, CONCURRENCY, async (i) => void (await client.create(resources.pods, pod('bench-grpc', `l-${i}`))));
    }
    const listed = Math.max(LIST_PODS, CREATES);
    console.log(`lists of namespace bench-grpc (${listed} pods), ${LISTS} one after another, reply received but not parsed:`);
    const request = (resourceVersion: string): ListRequest => ({
      ref: { group: '', resource: 'pods' },
      namespace: 'bench-grpc',
      resourceVersion,
    });
    const cases: [string, () => Promise<string>][] = [
      ['gRPC  consistent        ', () => lists.list(request(''))],
      ['gRPC  resourceVersion=0 ', () => lists.list(request('0'))],
      ['HTTPS consistent        ', () => httpsList(https, '/api/v1/namespaces/bench-grpc/pods')],
      ['HTTPS resourceVersion=0 ', () => httpsList(https, '/api/v1/namespaces/bench-grpc/pods?resourceVersion=0')],
    ];
    for (const [label, one] of cases) {
      const r = await timeLists(LISTS, listed, one);
      console.log(`  ${label}: p50 ${ms(p50(r))}, p99 ${ms(p99(r))} (goal p50 < ${GOAL_LIST_MS} ms: ${verdict(p50(r) < GOAL_LIST_MS)})`);
    }
    console.log(`apiserver RSS holding ${listed + CREATES + WARMUP_CREATES} pods: ${rssMiB(pids.apiserver).toFixed(0)} MiB`);
  } finally {
    lists.close();
    store.close();
    https.close();
    client.close();
    await plane.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
