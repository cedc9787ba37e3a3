// The two front ends of one apiserver, side by side in one run against one
// etcd: pod creates at a fixed concurrency over gRPC and over HTTPS (keep-alive
// connections, bearer token, as client libraries send them), then the server
// time of `kubectl get pods` (a Table of every pod) over HTTPS. Prints the
// rates, the HTTPS/gRPC ratio and latency percentiles.
//   node dist/bench/http-vs-grpc.js [--creates 2000] [--concurrency 32] [--table-pods 1000] [--table-gets 50]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resources } from '../api/resources.js';
import type { Pod } from '../api/types/index.js';
import { createNamespace } from '../testkit/objects/workloads.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { runConcurrently as run, reportRun } from './concurrent-run.js';
import { benchHttpsClient } from './https-client.js';
import { percentile } from './percentiles.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const USER_AGENT = 'http-vs-grpc-bench/1.0';

const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'table-pods': { type: 'string', default: '1000' },
    'table-gets': { type: 'string', default: '50' },
  },
});
const CREATES = Number(values.creates);
const CONCURRENCY = Number(values.concurrency);
const TABLE_PODS = Number(values['table-pods']);
const TABLE_GETS = Number(values['table-gets']);

function pod(namespace: string, name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench' } },
    spec: { nodeName: 'bench-node', containers: [{ name: 'c', image: 'flotilla/busybox:1.35', command: ['sleep', '3600'] }] },
  };
}

async function main(): Promise<void> {
  const plane = await startControlPlane({ https: true });
  const api = plane.apiserver;
  const client = api.client();
  const https = benchHttpsClient(api.httpsPort as number, readFileSync(api.caFile as string), api.token as string, CONCURRENCY, USER_AGENT);
  try {
    for (const ns of ['bench-grpc', 'bench-https', 'bench-table']) await createNamespace(client, ns);
    console.log(`creates: ${CREATES} pods per front end, ${CONCURRENCY} in flight`);
    const grpcRate = reportRun('gRPC ', await run(CREATES, CONCURRENCY, async (i) => void (await client.create(resources.pods, pod('bench-grpc', `p-${i}`)))));
    const httpsRate = reportRun('HTTPS', await run(CREATES, CONCURRENCY, async (i) => {
      const reply = await https.call('POST', '/api/v1/namespaces/bench-https/pods', JSON.stringify(pod('bench-https', `p-${i}`)));
      if (reply.status !== 201) throw new Error(`create answered ${reply.status}: ${reply.body.slice(0, 200)}`);
    }));
    console.log(`HTTPS / gRPC create rate: ${((httpsRate / grpcRate) * 100).toFixed(0)}%`);

    await run(TABLE_PODS, CONCURRENCY, async (i) => void (await client.create(resources.pods, pod('bench-table', `t-${i}`))));
    const table = await run(TABLE_GETS, 1, async () => {
      const reply = await https.call('GET', '/api/v1/namespaces/bench-table/pods?limit=500', undefined, TABLE_ACCEPT);
      if (reply.status !== 200 || !reply.body.includes('"kind":"Table"')) throw new Error(`table get answered ${reply.status}`);
    });
    console.log(`kubectl get pods as a Table of ${TABLE_PODS} pods, ${TABLE_GETS} times one after another:`);
    console.log(`  p50 ${percentile(table.latencies, 50).toFixed(1)} ms, p99 ${percentile(table.latencies, 99).toFixed(1)} ms`);
  } finally {
    https.close();
    client.close();
    await plane.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
