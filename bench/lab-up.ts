// How long a multi-node lab takes to come up, beside a local cluster, in one
// run: `deploy/lab.sh up --nodes 3` and `--nodes 5` (each node a container
// with its own dockerd, the workload images loaded into it) and
// `deploy/up.sh --agents 3` (three agents on this machine's engine), each to
// all its nodes Ready. The clock starts when the script announces the cluster's
// credentials, that is after Flotilla and every image are built (both scripts
// are told FLOTILLA_SKIP_BUILD=1; lab.sh still checks its images), and stops at the
// line that reports the last node Ready; the whole run is printed beside it.
// Then, in the 3-node lab, the latency of an HTTP request from a pod on node-1
// to nginx pods on node-1 and on node-3 (busybox wget in a loop, each request
// timed by busybox `ts -i` to the microsecond, so every sample includes
// starting wget; the two paths share that cost).
// The lab images get tags of their own (flotilla/lab-*:bench, removed at the
// end), so a lab someone else brings up meanwhile keeps its images. Prints
// figures and the load average, asserts nothing, removes what it made.
//   node dist/bench/lab-up.js [--nodes 3,5] [--requests 200] [--name flotilla-lab-bench]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { REPO_ROOT } from '../testkit/repo-paths.js';
import { freePort } from '../testkit/processes/free-port.js';
import { measurePodLatency, type PathLatency } from './lab-pod-latency.js';
import { firstLineMs, nthLineMs, runTimedScript, type TimedRun } from './timed-script.js';

const run = promisify(execFile);
const LAB_SCRIPT = join(REPO_ROOT, 'deploy/lab.sh');
const UP_SCRIPT = join(REPO_ROOT, 'deploy/up.sh');
const DOWN_SCRIPT = join(REPO_ROOT, 'deploy/down.sh');
/** Building Flotilla and the images, then starting and loading N nodes, on a shared 2-core machine. */
const UP_TIMEOUT_MS = 900_000;
const DOWN_TIMEOUT_MS = 180_000;
const LOCAL_AGENTS = 3;
const LATENCY_NODES = 3;
const BENCH_IMAGES = { FLOTILLA_LAB_CONTROL_PLANE_IMAGE: 'flotilla/lab-control-plane:bench', FLOTILLA_LAB_NODE_IMAGE: 'flotilla/lab-node:bench' };
/** Both scripts say this just after the build, before the cluster's credentials are made. */
const CREDENTIALS_LINE = /^==> cluster credentials in /;
const NODE_READY_LINE = /^==> node \S+ is Ready/;

interface UpFigure {
  what: string;
  /** From the credentials line to the last node Ready. */
  readyMs: number;
  totalMs: number;
}

function options(): { nodes: number[]; requests: number; name: string } {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '3,5' }, requests: { type: 'string', default: '200' }, name: { type: 'string', default: 'flotilla-lab-bench' } } });
  const nodes = values.nodes.split(',').map((n) => Number.parseInt(n, 10));
  if (nodes.some((n) => !(n > 0))) throw new Error(`--nodes takes positive numbers separated by commas, got "${values.nodes}"`);
  const requests = Number.parseInt(values.requests, 10);
  if (!(requests > 0)) throw new Error(`--requests takes a positive number, got "${values.requests}"`);
  return { nodes, requests, name: values.name };
}

function figureOf(what: string, result: TimedRun, nodes: number): UpFigure {
  const from = firstLineMs(result, CREDENTIALS_LINE);
  const ready = nthLineMs(result, NODE_READY_LINE, nodes);
  if (result.code !== 0 || from === undefined || ready === undefined) {
    throw new Error(`${what} failed (exit ${result.code}):\n${result.lines.map((l) => l.text).join('\n')}\n${result.stderr}`);
  }
  return { what, readyMs: ready - from, totalMs: result.totalMs };
}

/** Brings up a lab of `nodes`, hands its kubeconfig to `inside` (if any), and always takes it down. */
async function labRun(name: string, nodes: number, inside?: (kubeconfig: string) => Promise<void>): Promise<UpFigure> {
  const stateDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const env = { ...BENCH_IMAGES, FLOTILLA_LAB_STATE_DIR: stateDir, FLOTILLA_SKIP_BUILD: '1' };
  try {
    const apiPort = await freePort();
    const result = await runTimedScript(`lab ${nodes}`, LAB_SCRIPT, ['up', '--nodes', String(nodes), '--name', name, '--api-port', String(apiPort)], env, UP_TIMEOUT_MS);
    const figure = figureOf(`deploy/lab.sh up --nodes ${nodes}`, result, nodes);
    if (inside) await inside(join(stateDir, 'kubeconfig'));
    return figure;
  } finally {
    await runTimedScript(`lab ${nodes} down`, LAB_SCRIPT, ['down', '--name', name], env, DOWN_TIMEOUT_MS);
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Every port up.sh opens, free a moment ago, so this cluster meets no other on the machine. */
async function upShPorts(): Promise<string[]> {
  const flags = ['--etcd-port', '--etcd-peer-port', '--api-port', '--api-health-port', '--api-secure-port', '--scheduler-health-port',
    '--controller-manager-health-port', '--agent-health-port', '--agent-streaming-port', '--dns-health-port'];
  const args: string[] = [];
  for (const flag of flags) args.push(flag, String(await freePort()));
  return args;
}

async function upShRun(name: string): Promise<UpFigure> {
  const stateDir = await mkdtemp(join(tmpdir(), `${name}-up-`));
  try {
    const args = ['--agents', String(LOCAL_AGENTS), '--state-dir', stateDir, '--node-name', `${name}-up`, ...(await upShPorts())];
    const result = await runTimedScript('up.sh', UP_SCRIPT, args, { FLOTILLA_SKIP_BUILD: '1' }, UP_TIMEOUT_MS);
    return figureOf(`deploy/up.sh --agents ${LOCAL_AGENTS}`, result, LOCAL_AGENTS);
  } finally {
    await runTimedScript('down.sh', DOWN_SCRIPT, ['--state-dir', stateDir, '--purge'], {}, DOWN_TIMEOUT_MS);
    await rm(stateDir, { recursive: true, force: true });
  }
}

async function removeBenchImages(): Promise<void> {
  for (const image of Object.values(BENCH_IMAGES)) await run('docker', ['rmi', image]).catch(() => undefined);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms: number): string => `${ms.toFixed(2)} ms`;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

function printFigures(ups: UpFigure[], latency: PathLatency[], loadBefore: string): void {
  console.log(`\nup to all nodes Ready, images present (from the credentials line to the last node Ready; whole run incl. build beside):`);
  for (const f of ups) console.log(`  ${f.what.padEnd(30)} ${seconds(f.readyMs).padStart(8)}   (whole run ${seconds(f.totalMs)})`);
  if (latency.length > 0) console.log(`\npod-to-pod HTTP GET from a busybox pod on node-1 (wget per request, its start included):`);
  const near = latency.find((l) => l.path === 'within');
  for (const l of latency) {
    const ratio = near && l !== near ? `   p50 ${(l.p50 / near.p50).toFixed(2)}x within` : '';
    console.log(`  ${l.label.padEnd(22)} n=${l.n} p50 ${millis(l.p50)}  p99 ${millis(l.p99)}  failed ${l.failed}${ratio}`);
  }
  console.log(`\nload average (1/5/15 min) before ${loadBefore}, after ${load()}; ${cpus().length} cores`);
}

async function main(): Promise<void> {
  const opts = options();
  const loadBefore = load();
  const ups: UpFigure[] = [];
  let latency: PathLatency[] = [];
  try {
    for (const nodes of opts.nodes) {
      const measure = nodes === LATENCY_NODES ? async (kubeconfig: string) => void (latency = await measurePodLatency(kubeconfig, opts.requests)) : undefined;
      ups.push(await labRun(`${opts.name}-${nodes}`, nodes, measure));
    }
    ups.push(await upShRun(opts.name));
  } finally {
    await removeBenchImages();
  }
  printFigures(ups, latency, loadBefore);
}

await main();
