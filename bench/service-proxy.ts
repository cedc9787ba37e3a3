// The node proxy's and cluster DNS's cost on one real agent and Docker, in one
// run: HTTP requests per second from the host through a ClusterIP against the
// same nginx pod reached at its own IP (each request on a new connection, so
// each passes the proxy's NAT); the time from a pod turning Ready in the API to
// its Service delivering it traffic (p50/p99 over a few pods, both sides
// polled); DNS queries per second and latency against the DNS server over UDP.
// Prints figures, asserts nothing.
//   node dist/bench/service-proxy.js [--seconds 10] [--concurrency 8] [--late-pods 5] [--dns-window 64]
import dgram from 'node:dgram';
import { parseArgs } from 'node:util';
import dnsPacket from 'dns-packet';
import type { Pod, Service } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { removeProxyChains, startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { startControllerManager } from '../testkit/processes/controller-manager-process.js';
import { startDnsProcess } from '../testkit/processes/dns-process.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { fileReadiness, hostnameNginxSpec } from '../testkit/docker/hostname-nginx.js';
import { httpGetBody } from '../testkit/http-get.js';
import { percentile } from './percentiles.js';

const NAMESPACE = 'default';
/** A range of its own, so these rules never meet a local cluster's or a test's. */
const SERVICE_CIDR = '10.124.0.0/16';
const CLUSTER_DNS_IP = '10.124.0.10';
const CHAIN_PREFIX = `FLBENCH${Math.random().toString(36).slice(2, 5).toUpperCase()}`;
const POD_READY_TIMEOUT_MS = 180_000;
const SERVICE_ANSWER_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 2_000;
/** Gap between traffic probes while waiting for a late pod; bounds the resolution of that figure. */
const TRAFFIC_POLL_MS = 20;
const READY_POLL_MS = 20;
/** Late pods turn ready this long after starting, one after another, so their transitions do not overlap. */
const LATE_FIRST_DELAY_S = 20;
const LATE_STEP_S = 4;
const LATE_TIMEOUT_MS = 300_000;
const DNS_QUERY_TIMEOUT_MS = 1_000;
const DNS_NAME = `target.${NAMESPACE}.svc.cluster.local`;
const ROUNDS = 2;
const MS_PER_SECOND = 1000;
const READY_FILE = '/tmp/ready';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    'late-pods': { type: 'string', default: '5' },
    'dns-window': { type: 'string', default: '64' },
  },
});
const WINDOW_MS = Number(values.seconds) * MS_PER_SECOND;
const CONCURRENCY = Number(values.concurrency);
const LATE_PODS = Number(values['late-pods']);
const DNS_WINDOW = Number(values['dns-window']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toFixed(1);

const get = async (url: string) => (await httpGetBody(url, REQUEST_TIMEOUT_MS)).trim();

interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CONCURRENCY workers, each sending one request after another for the window. */
async function load(url: string): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + WINDOW_MS;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await get(url).then(() => latencies.push(performance.now() - t), () => errors++);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / MS_PER_SECOND;
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

function service(name: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NAMESPACE }, spec: { selector, ports: [{ port: 80, targetPort: 'http' }] } } as Service;
}

async function waitForAnswer(url: string, expected: string): Promise<void> {
  await waitFor(`${url} to answer ${expected}`, async () => (await get(url).catch(() => '')) === expected, SERVICE_ANSWER_TIMEOUT_MS);
}

async function throughput(client: ApiClient, agent: TestAgent): Promise<void> {
  const pod = podManifest('target', agent.nodeName, hostnameNginxSpec());
  pod.metadata.labels = { bench: 'target' };
  await client.create(resources.pods, pod);
  const svc = await client.create(resources.services, service('target', { bench: 'target' }));
  const ready = await waitForPod(client, 'target', 'Ready', isReady, POD_READY_TIMEOUT_MS);
  const direct = `http://${ready.status?.podIP}/`;
  const viaService = `http://${svc.spec?.clusterIP}/`;
  await waitForAnswer(viaService, 'target');
  console.log(`HTTP from the host, ${CONCURRENCY} concurrent, a new connection per request, ${WINDOW_MS / MS_PER_SECOND} s each:`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [label, url] of [['pod IP   ', direct], ['ClusterIP', viaService]] as const) {
      const f = await load(url);
      console.log(`  round ${round} ${label}: ${fmt(f.rps)} req/s, p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms, errors ${f.errors}`);
    }
  }
}

/** Polls until `probe` holds, returning the time it first did. */
async function firstTime(probe: () => Promise<boolean>, pauseMs: number): Promise<number> {
  const deadline = performance.now() + LATE_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (await probe().catch(() => false)) return performance.now();
    await sleep(pauseMs);
  }
  throw new Error(`not within ${LATE_TIMEOUT_MS} ms`);
}

async function readyToTraffic(client: ApiClient, agent: TestAgent): Promise<void> {
  const delays: number[] = [];
  await Promise.all(
    Array.from({ length: LATE_PODS }, async (_, i) => {
      const name = `late-${i}`;
      const delay = LATE_FIRST_DELAY_S + i * LATE_STEP_S;
      const command = ['sh', '-c', `(sleep ${delay}; : > ${READY_FILE}) & exec /usr/sbin/nginx`];
      const pod: Pod = podManifest(name, agent.nodeName, hostnameNginxSpec(fileReadiness(READY_FILE), command));
      pod.metadata.labels = { late: name };
      await client.create(resources.pods, pod);
      const svc = await client.create(resources.services, service(name, { late: name }));
      const url = `http://${svc.spec?.clusterIP}/`;
      const [readyAt, trafficAt] = await Promise.all([
        firstTime(async () => isReady(await client.get(resources.pods, NAMESPACE, name)), READY_POLL_MS),
        firstTime(async () => (await get(url)) === name, TRAFFIC_POLL_MS),
      ]);
      delays.push(trafficAt - readyAt);
    }),
  );
  console.log(`Ready in the API -> first answer through its ClusterIP, ${LATE_PODS} pods (polled every ${READY_POLL_MS}/${TRAFFIC_POLL_MS} ms):`);
  console.log(`  p50 ${fmt(percentile(delays, 50))} ms, p99 ${fmt(percentile(delays, 99))} ms, all [${delays.map(fmt).join(', ')}]`);
}

async function dnsServerAddress(client: ApiClient): Promise<{ host: string; port: number }> {
  const slices = await client.list(resources.endpointSlices, { namespace: 'kube-system', labelSelector: 'kubernetes.io/service-name=kube-dns' });
  const slice = slices.items[0];
  const host = slice?.endpoints?.[0]?.addresses[0];
  const port = slice?.ports?.find((p) => p.protocol === 'UDP')?.port;
  if (!host || !port) throw new Error('no kube-dns endpoint published');
  return { host, port };
}

/** Keeps DNS_WINDOW queries in flight over one UDP socket for the window; an unanswered query counts as lost. */
async function dnsLoad(host: string, port: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  const inFlight = new Map<number, { sent: number; timer: NodeJS.Timeout }>();
  const latencies: number[] = [];
  let lost = 0;
  let nextId = 0;
  const end = performance.now() + WINDOW_MS;
  const started = performance.now();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const send = () => {
    if (performance.now() >= end) {
      if (inFlight.size === 0) finish();
      return;
    }
    const id = nextId;
    nextId = (nextId + 1) % 65536;
    const timer = setTimeout(() => {
      inFlight.delete(id);
      lost++;
      send();
    }, DNS_QUERY_TIMEOUT_MS);
    inFlight.set(id, { sent: performance.now(), timer });
    socket.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: DNS_NAME }] }), port, host);
  };
  socket.on('message', (msg) => {
    const reply = dnsPacket.decode(msg);
    const q = inFlight.get(reply.id ?? -1);
    if (!q) return;
    clearTimeout(q.timer);
    inFlight.delete(reply.id ?? -1);
    if ((reply.answers ?? []).length > 0) latencies.push(performance.now() - q.sent);
    else lost++;
    send();
  });
  for (let i = 0; i < DNS_WINDOW; i++) send();
  await done;
  const seconds = (performance.now() - started) / MS_PER_SECOND;
  socket.close();
  console.log(`DNS over UDP from the host, A ${DNS_NAME}, ${DNS_WINDOW} queries in flight, ${WINDOW_MS / MS_PER_SECOND} s:`);
  console.log(`  ${fmt(latencies.length / seconds)} answers/s, p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, lost or empty ${lost}`);
}

async function main(): Promise<void> {
  await ensureTestImages();
  const plane = await startControlPlane({ extraArgs: ['--service-cluster-ip-range', SERVICE_CIDR] });
  const client = plane.apiserver.client();
  const cm = await startControllerManager(plane.apiserver.address, plane.logDir, { extraArgs: ['--leader-elect=false', '--controllers', 'endpointslice'] });
  const dns = await startDnsProcess(plane.apiserver.address, plane.logDir, { clusterDnsIP: CLUSTER_DNS_IP });
  let agent: TestAgent | undefined;
  try {
    agent = await startAgent(plane.apiserver.address, { logDir: plane.logDir, proxyChainPrefix: CHAIN_PREFIX, extraArgs: ['--cluster-dns', CLUSTER_DNS_IP] });
    await throughput(client, agent);
    await readyToTraffic(client, agent);
    const { host, port } = await dnsServerAddress(client);
    await dnsLoad(host, port);
  } finally {
    await agent?.stop();
    await removeProxyChains(CHAIN_PREFIX).catch(() => undefined);
    await dns.stop();
    await cm.stop();
    client.close();
    await plane.stop();
  }
}

await main();
