// The multi-node lab (deploy/lab.sh): three nodes, each a container with its
// own Docker engine, pod CIDRs from the controller-manager, host-gateway
// routes between them, and a highly available control plane. One lab is
// shared by every test here; kubectl 1.32 through the lab's kubeconfig drives
// all of it. The tests run in order: the failures come last, each leaving the
// lab whole again for the next.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../api/types/index.js';
import { dockerAvailable } from '../testkit/docker/pod-helpers.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { runCommand } from '../testkit/processes/command.js';
import { labSkipReason, startLab, type TestLab } from '../testkit/processes/lab.js';
import { waitUntil } from '../testkit/wait-until.js';

const NODES = ['node-1', 'node-2', 'node-3'];
const CLUSTER_CIDR_PREFIX = '10.244.';
const POD_RUNNING_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 30_000;
const LAB_NAME = `flotilla-lab-e2e-${process.pid}`;
/** Shortened as a test rig would: a silent node is Unknown after 20 s, its pods evicted 5 s later. */
const LAB_TIMINGS = { nodeMonitorGracePeriod: '20s', tolerationSeconds: 5 };
/** Grace period, the controller-manager's 5 s monitor period, the tolerations, and room on a loaded machine. */
const NODE_FAILURE_TIMEOUT_MS = 120_000;
/** The Lease (15 s), a retry period, and room. */
const LEADER_TAKEOVER_TIMEOUT_MS = 60_000;
const CONTAINER_HEALTHY_TIMEOUT_MS = 90_000;
const DOCKER_TIMEOUT_MS = 60_000;
const SLOW_POLL_MS = 1_000;
/** kubectl calls made while one apiserver is down, each of which must succeed. */
const CALLS_WITH_ONE_APISERVER = 10;
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

  async function docker(args: string[]): Promise<string> {
    const r = await runCommand({ file: 'docker', args, env: process.env }, { timeoutMs: DOCKER_TIMEOUT_MS });
    assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** Like waitUntil, for probes that run kubectl or docker: one a second. */
  async function poll(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    await waitUntil(what, async () => (await probe()) || (await new Promise((r) => setTimeout(r, SLOW_POLL_MS)), false), timeoutMs);
  }

  async function waitHealthy(service: string): Promise<void> {
    const container = lab.container(service);
    await poll(`${container} healthy`, async () => (await docker(['inspect', '-f', '{{.State.Health.Status}}', container])).trim() === 'healthy', CONTAINER_HEALTHY_TIMEOUT_MS);
  }

  /** Pods of the selector in the API, terminating ones included. */
  async function podCount(selector: string): Promise<number> {
    return (await ok(['get', 'pods', '-l', selector, '--no-headers'])).trim().split('\n').filter(Boolean).length;
  }

  async function leaseHolder(name: string): Promise<string> {
    return (await ok(['get', 'lease', name, '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}'])).trim();
  }

  async function nodeReady(node: string): Promise<string> {
    return (await ok(['get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).trim();
  }

  /** Pod UIDs whose app containers run in each node's engine, for pods with the given name prefix. */
  async function runningEverywhere(podPrefix: string): Promise<Map<string, string[]>> {
    const running = new Map<string, string[]>();
    for (const node of NODES) {
      const out = await docker(['exec', lab.container(node), 'docker', 'ps', '--filter', 'label=io.flotilla.container-kind=app', '--format', '{{.Label "io.flotilla.pod-name"}} {{.Label "io.flotilla.pod-uid"}}']);
      for (const [name, uid] of out.split('\n').filter(Boolean).map((l) => l.split(' '))) {
        if (name?.startsWith(podPrefix) && uid) running.set(uid, [...(running.get(uid) ?? []), node]);
      }
    }
    return running;
  }

  before(async () => {
    lab = await startLab(LAB_NAME, NODES.length, LAB_TIMINGS);
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

  test('the control plane is three etcd members, two apiservers behind one address, and two each of the scheduler and controller-manager with one leader', async () => {
    for (const service of ['etcd-1', 'etcd-2', 'etcd-3', 'apiserver-1', 'apiserver-2', 'apiserver']) {
      assert.equal((await docker(['inspect', '-f', '{{.State.Health.Status}}', lab.container(service)])).trim(), 'healthy', service);
    }
    assert.match(await leaseHolder('kube-scheduler'), /^scheduler-[12]_/);
    assert.match(await leaseHolder('kube-controller-manager'), /^controller-manager-[12]_/);
  });

  test('with one etcd member stopped, writes and reads go on', async () => {
    await docker(['stop', lab.container('etcd-2')]);
    try {
      await ok(['create', 'configmap', 'lab-quorum', '--from-literal=members=2']);
      await ok(['scale', 'deployment', 'lab-web', '--replicas', '4']);
      await waitRunning('app=lab-web', 4);
      assert.equal((await ok(['get', 'configmap', 'lab-quorum', '-o', 'jsonpath={.data.members}'])).trim(), '2');
    } finally {
      await docker(['start', lab.container('etcd-2')]);
    }
    await waitHealthy('etcd-2');
    assert.equal((await ok(['get', 'configmap', 'lab-quorum', '-o', 'jsonpath={.data.members}'])).trim(), '2');
  });

  test('with one apiserver killed, kubectl keeps working and the controllers keep acting', async () => {
    await docker(['kill', lab.container('apiserver-1')]);
    try {
      for (let i = 0; i < CALLS_WITH_ONE_APISERVER; i++) await ok(['get', 'pods', '-l', 'app=lab-web']);
      await ok(['scale', 'deployment', 'lab-web', '--replicas', '3']);
      await poll('lab-web back to 3 pods', async () => (await runningPods('app=lab-web')).length === 3 && (await podCount('app=lab-web')) === 3, POD_RUNNING_TIMEOUT_MS);
    } finally {
      await docker(['start', lab.container('apiserver-1')]);
    }
    await waitHealthy('apiserver-1');
  });

  test('when the leading scheduler and controller-manager are killed, the others take over within the lease time', async () => {
    const scheduler = (await leaseHolder('kube-scheduler')).split('_')[0] ?? '';
    const controllerManager = (await leaseHolder('kube-controller-manager')).split('_')[0] ?? '';
    await docker(['kill', lab.container(scheduler), lab.container(controllerManager)]);
    try {
      await ok(['scale', 'deployment', 'lab-web', '--replicas', '4']);
      await waitRunning('app=lab-web', 4);
      const schedulerNow = await leaseHolder('kube-scheduler');
      const controllerManagerNow = await leaseHolder('kube-controller-manager');
      assert.ok(!schedulerNow.startsWith(`${scheduler}_`), `the scheduler Lease moved from ${scheduler}: ${schedulerNow}`);
      assert.ok(!controllerManagerNow.startsWith(`${controllerManager}_`), `the controller-manager Lease moved from ${controllerManager}: ${controllerManagerNow}`);
    } finally {
      await docker(['start', lab.container(scheduler), lab.container(controllerManager)]);
    }
    await ok(['scale', 'deployment', 'lab-web', '--replicas', '3']);
    await poll('lab-web back to 3 pods', async () => (await podCount('app=lab-web')) === 3, LEADER_TAKEOVER_TIMEOUT_MS);
  });

  test("a killed node's Deployment pods come back on the other nodes, and the node rejoins without them", async () => {
    const victim = 'node-2';
    const before = (await runningPods('app=lab-web')).filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.uid);
    assert.ok(before.length > 0, `a lab-web pod runs on ${victim}`);
    await docker(['kill', lab.container(victim)]);
    try {
      await poll(`${victim} NotReady`, async () => (await nodeReady(victim)) === 'Unknown', NODE_FAILURE_TIMEOUT_MS);
      await poll('3 lab-web pods running off the dead node', async () => (await runningPods('app=lab-web')).filter((p) => p.spec.nodeName !== victim).length === 3, NODE_FAILURE_TIMEOUT_MS);
    } finally {
      await docker(['start', lab.container(victim)]);
    }
    await poll(`${victim} Ready again`, async () => (await nodeReady(victim)) === 'True', NODE_FAILURE_TIMEOUT_MS);
    // Back, the node finishes the eviction: its old pod leaves the API and its engine.
    await poll(`the evicted pods of ${victim} gone`, async () => {
      const pods = (JSON.parse(await ok(['get', 'pods', '-l', 'app=lab-web', '-o', 'json'])) as { items: Pod[] }).items;
      return pods.length === 3 && !pods.some((p) => before.includes(p.metadata.uid));
    }, NODE_FAILURE_TIMEOUT_MS);
    const running = await runningEverywhere('lab-web-');
    assert.equal(running.size, 3, `three lab-web pods run: ${JSON.stringify([...running])}`);
    for (const [uid, nodes] of running) assert.equal(nodes.length, 1, `pod ${uid} runs once, not on ${nodes.join(', ')}`);
  });

  test('a node cut off from the network goes NotReady and comes back Ready, and a StatefulSet pod never runs twice', async () => {
    await ok(['apply', '-f', '-'], STATEFULSET);
    const [first] = await waitRunning('app=lab-db', 1);
    const victim = first?.spec.nodeName ?? '';
    const address = (await docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${lab.network}").IPAddress}}`, lab.container(victim)])).trim();
    await docker(['network', 'disconnect', lab.network, lab.container(victim)]);
    try {
      await poll(`${victim} NotReady`, async () => (await nodeReady(victim)) === 'Unknown', NODE_FAILURE_TIMEOUT_MS);
      await poll('lab-db-0 evicted', async () => Boolean((JSON.parse(await ok(['get', 'pod', 'lab-db-0', '-o', 'json'])) as Pod).metadata.deletionTimestamp), NODE_FAILURE_TIMEOUT_MS);
      // The unreachable node may still run it: no second lab-db-0 may start anywhere meanwhile.
      const pod = JSON.parse(await ok(['get', 'pod', 'lab-db-0', '-o', 'json'])) as Pod;
      assert.equal(pod.metadata.uid, first?.metadata.uid, 'lab-db-0 is still the first one, terminating');
      const running = await runningEverywhere('lab-db-');
      assert.deepEqual([...running.keys()].filter((uid) => uid !== first?.metadata.uid), [], 'no other lab-db pod runs');
    } finally {
      // The same address, as a machine whose cable comes back keeps its own.
      await docker(['network', 'connect', '--ip', address, lab.network, lab.container(victim)]);
    }
    await poll(`${victim} Ready again`, async () => (await nodeReady(victim)) === 'True', NODE_FAILURE_TIMEOUT_MS);
    let replacement: Pod | undefined;
    await poll('a new lab-db-0 running', async () => {
      [replacement] = await runningPods('app=lab-db');
      return Boolean(replacement && replacement.metadata.uid !== first?.metadata.uid);
    }, NODE_FAILURE_TIMEOUT_MS);
    const running = await runningEverywhere('lab-db-');
    assert.deepEqual([...running.keys()], [replacement?.metadata.uid], `only the new lab-db-0 runs: ${JSON.stringify([...running])}`);
    assert.equal(running.get(replacement?.metadata.uid ?? '')?.length, 1);
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

const STATEFULSET = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: lab-db }
spec:
  replicas: 1
  serviceName: lab-db
  selector: { matchLabels: { app: lab-db } }
  template:
    metadata: { labels: { app: lab-db } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: db, image: flotilla/busybox:1.35, command: [sleep, "3600"] }]
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
