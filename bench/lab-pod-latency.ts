// Pod-to-pod request latency in a lab, within a node against across nodes:
// nginx on node-1 and on node-3, a busybox client on node-1 that fetches from
// each in turn (rounds alternate the two, so a change in the machine's load
// falls on both). busybox has no clock finer than a second in `date`, but
// `ts -i` stamps each line with the microseconds since the previous one, so a
// loop that prints a line per request times each request.
import type { Pod } from '../api/types/index.js';
import { runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { waitUntil } from '../testkit/wait-until.js';
import { percentile } from './percentiles.js';

const CLIENT_NODE = 'node-1';
const FAR_NODE = 'node-3';
const PODS_RUNNING_TIMEOUT_MS = 180_000;
/** The first requests of a path set up ARP entries and conntrack; they are not its latency. */
const WARMUP_REQUESTS = 5;
const ROUNDS = 4;
/** One round of one path: at a few ms a request, far below this. */
const ROUND_TIMEOUT_MS = 120_000;
const MS_PER_SECOND = 1_000;

export interface PathLatency {
  path: 'within' | 'across';
  label: string;
  n: number;
  failed: number;
  p50: number;
  p99: number;
}

/** A pod pinned to `node` (nodeName: the scheduler plays no part) with one container, in YAML. */
const pinnedPod = (name: string, node: string, container: string): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: { app: bench-latency } }
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers: [${container}]
`;
const NGINX = '{ name: nginx, image: flotilla/nginx:1.22 }';
const MANIFEST = [
  pinnedPod('bench-near', CLIENT_NODE, NGINX),
  pinnedPod('bench-far', FAR_NODE, NGINX),
  pinnedPod('bench-client', CLIENT_NODE, '{ name: client, image: flotilla/busybox:1.35, command: [sleep, "3600"] }'),
].join('---\n');

async function kubectl(kubeconfig: string, args: string[], opts: { stdin?: string; timeoutMs?: number } = {}): Promise<string> {
  const result: KubectlResult = await runKubectl(args, { kubeconfig, ...opts });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}): ${result.stderr}`);
  return result.stdout;
}

async function podIPs(kubeconfig: string): Promise<Map<string, string>> {
  const pods = (JSON.parse(await kubectl(kubeconfig, ['get', 'pods', '-l', 'app=bench-latency', '-o', 'json'])) as { items: Pod[] }).items;
  return new Map(pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP).map((p) => [p.metadata.name!, p.status!.podIP!]));
}

/** `count` timed requests from the client pod (the first is not kept); each line of ts's output is "SECONDS ok|fail". */
async function timedRequests(kubeconfig: string, ip: string, count: number): Promise<{ ms: number[]; failed: number }> {
  const loop = `for i in $(seq ${count}); do if wget -q -O /dev/null http://${ip}/; then echo ok; else echo fail; fi; done | ts -i %.s`;
  const out = await kubectl(kubeconfig, ['exec', 'bench-client', '--', 'sh', '-c', loop], { timeoutMs: ROUND_TIMEOUT_MS });
  const ms: number[] = [];
  let failed = 0;
  // The first stamp counts from the pipeline's start (seq included), not from a previous request.
  for (const line of out.trim().split('\n').slice(1)) {
    const [stamp, outcome] = line.trim().split(/\s+/);
    if (outcome === 'ok') ms.push(Number(stamp) * MS_PER_SECOND);
    else failed += 1;
  }
  return { ms, failed };
}

export async function measurePodLatency(kubeconfig: string, requests: number): Promise<PathLatency[]> {
  console.log(`  [latency] nginx on ${CLIENT_NODE} and ${FAR_NODE}, a client on ${CLIENT_NODE}; ${requests} requests each`);
  await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: MANIFEST });
  let ips = new Map<string, string>();
  await waitUntil('the latency pods to run', async () => (ips = await podIPs(kubeconfig)).size === 3, PODS_RUNNING_TIMEOUT_MS);
  const paths = [
    { path: 'within' as const, label: `within ${CLIENT_NODE}`, ip: ips.get('bench-near')!, ms: [] as number[], failed: 0 },
    { path: 'across' as const, label: `${CLIENT_NODE} -> ${FAR_NODE}`, ip: ips.get('bench-far')!, ms: [] as number[], failed: 0 },
  ];
  for (const p of paths) await timedRequests(kubeconfig, p.ip, WARMUP_REQUESTS);
  const perRound = Math.max(1, Math.ceil(requests / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of paths) {
      const got = await timedRequests(kubeconfig, p.ip, perRound);
      p.ms.push(...got.ms);
      p.failed += got.failed;
    }
  }
  return paths.map((p) => ({ path: p.path, label: p.label, n: p.ms.length, failed: p.failed, p50: percentile(p.ms, 50), p99: percentile(p.ms, 99) }));
}
