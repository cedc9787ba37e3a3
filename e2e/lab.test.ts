// The multi-node lab (deploy/lab.sh): three nodes, each a container with its
// own Docker engine, pod CIDRs from the controller-manager, host-gateway
// routes between them. One lab is shared by every test here; kubectl 1.32
// through the lab's kubeconfig drives all of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../api/types/index.js';
import { dockerAvailable } from '../testkit/docker/pod-helpers.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { labSkipReason, startLab, type TestLab } from '../testkit/processes/lab.js';
import { waitUntil } from '../testkit/wait-until.js';

const NODES = ['node-1', 'node-2', 'node-3'];
const CLUSTER_CIDR_PREFIX = '10.244.';
const POD_RUNNING_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 30_000;
const LAB_NAME = `flotilla-lab-e2e-${process.pid}`;
/** CI must run the lab: a machine that cannot is a failure there, not a skip. */
const REQUIRED = process.env.CI === 'true' || process.env.FLOTILLA_REQUIRE_DOCKER === '1';

const why = (await labSkipReason(await dockerAvailable())) || kubectlSkipReason();
if (why && REQUIRED) throw new Error(`the lab e2e cannot run here (${why}); CI must run it`);
const skip = why ? `the lab cannot run on this machine: ${why}` : false;

describe('a 3-node lab from deploy/lab.sh', { skip }, () => {
  let lab: TestLab;

  async function kubectl(args: string[], stdin?: string): Promise<KubectlResult> {
    return runKubectl(args, { kubeconfig: lab.kubeconfig, stdin });
  }

  async function ok(args: string[], stdin?: string): Promise<string> {
    const r = await kubectl(args, stdin);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  async function runningPods(selector: string): Promise<Pod[]> {
    const pods = (JSON.parse(await ok(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: Pod[] }).items;
    return pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP && !p.metadata.deletionTimestamp);
  }

  async function waitRunning(selector: string, count: number): Promise<Pod[]> {
    let pods: Pod[] = [];
    await waitUntil(`${count} running pods of ${selector}`, async () => (pods = await runningPods(selector)).length === count, POD_RUNNING_TIMEOUT_MS);
    return pods;
  }

  /** Retries while routes and rules settle; the last failure is what the test reports. */
  async function execUntilOk(pod: string, command: string[]): Promise<string> {
    let last: KubectlResult | undefined;
    await waitUntil(`${command.join(' ')} in ${pod} to succeed`, async () => (last = await kubectl(['exec', pod, '--', ...command])).code === 0, REQUEST_TIMEOUT_MS).catch((err: Error) => {
      throw new Error(`${err.message}: ${last?.stderr ?? ''}`);
    });
    return last?.stdout ?? '';
  }

  before(async () => {
    lab = await startLab(LAB_NAME, NODES.length);
  });

  after(async () => {
    await lab?.down();
  });

  test('every node is Ready with its own pod CIDR from the cluster CIDR, and kubectl lists them', async () => {
    const table = await ok(['get', 'nodes']);
    for (const node of NODES) assert.match(table, new RegExp(`^${node}\\s+Ready\\s`, 'm'));
    const nodes = (JSON.parse(await ok(['get', 'nodes', '-o', 'json'])) as { items: { metadata: { name: string }; spec?: { podCIDR?: string } }[] }).items;
    const cidrs = nodes.map((n) => n.spec?.podCIDR ?? '');
    assert.equal(new Set(cidrs).size, NODES.length, `distinct pod CIDRs: ${cidrs.join(', ')}`);
    for (const cidr of cidrs) assert.ok(cidr.startsWith(CLUSTER_CIDR_PREFIX) && cidr.endsWith('/24'), cidr);
    assert.match(lab.output, /Flotilla lab ".*" is up: 3 node\(s\) Ready/);
  });

  test('a DaemonSet runs one pod on each node', async () => {
    await ok(['apply', '-f', '-'], DAEMONSET);
    const pods = await waitRunning('app=lab-agent', NODES.length);
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), NODES);
  });

  test('a Deployment spreads its replicas over the nodes', async () => {
    await ok(['apply', '-f', '-'], DEPLOYMENT);
    const pods = await waitRunning('app=lab-web', NODES.length);
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), NODES, 'one replica per node');
  });

  test("a pod on node-1 reaches a pod on node-3 by its IP, keeping its own source address, and through a Service's name", async () => {
    await ok(['apply', '-f', '-'], SERVER);
    const [server] = await waitRunning('app=lab-server', 1);
    const client = (await waitRunning('app=lab-agent', NODES.length)).find((p) => p.spec.nodeName === 'node-1');
    assert.ok(server?.status?.podIP && client?.status?.podIP && client.metadata.name);
    assert.equal(server.spec.nodeName, 'node-3');
    const page = await execUntilOk(client.metadata.name, ['wget', '-qO-', `http://${server.status.podIP}/`]);
    assert.match(page, /Welcome to nginx/);
    const log = await ok(['logs', 'lab-server']);
    assert.match(log, new RegExp(`^${client.status.podIP.replace(/\./g, '\\.')} .*"GET / HTTP/1.1" 200`, 'm'), `nginx saw the client pod's own address (no NAT):\n${log}`);
    const viaService = await execUntilOk(client.metadata.name, ['wget', '-qO-', 'http://lab-server/']);
    assert.match(viaService, /Welcome to nginx/);
  });
});

const DAEMONSET = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: lab-agent }
spec:
  selector: { matchLabels: { app: lab-agent } }
  template:
    metadata: { labels: { app: lab-agent } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: sleep, image: flotilla/busybox:1.35, command: [sleep, "3600"] }]
`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: lab-web }
spec:
  replicas: 3
  selector: { matchLabels: { app: lab-web } }
  template:
    metadata: { labels: { app: lab-web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: nginx, image: flotilla/nginx:1.22 }]
`;

const SERVER = `
apiVersion: v1
kind: Pod
metadata: { name: lab-server, labels: { app: lab-server } }
spec:
  nodeName: node-3
  terminationGracePeriodSeconds: 1
  containers: [{ name: nginx, image: flotilla/nginx:1.22 }]
---
apiVersion: v1
kind: Service
metadata: { name: lab-server }
spec:
  selector: { app: lab-server }
  ports: [{ port: 80 }]
`;
