// e2e: Services end to end on real Docker: a control plane, controller-manager,
// scheduler, two agents on the one engine, each with its own Docker network
// (the first running the node proxy and the pod network under its own chain
// prefix, for the packet filter both share), and the cluster DNS. A pod on the
// second node reaches a pod on the first by pod IP, ClusterIP and name, and
// nginx sees the client's own IP (no NAT). A Deployment of three nginx pods, each serving its own
// hostname, behind a NodePort Service: reached from a busybox pod by short,
// namespaced and full names and by ClusterIP, spread over more than one pod,
// following a scale-down, and from the host by NodePort; a pod failing its
// readiness probe kept out of the Service; the Service answering across an
// agent (and proxy) restart; StatefulSet pods by their headless-Service names, and `nslookup nginx`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, Node, Service, StatefulSet } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { removeProxyChains, startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { startSchedulerProcess, type SchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { startDnsProcess, type DnsProcess } from '../testkit/processes/dns-process.js';
import { fileReadiness, hostnameNginxSpec } from '../testkit/docker/hostname-nginx.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';

import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { waitUntil } from '../testkit/wait-until.js';
import { httpGetBody } from '../testkit/http-get.js';

const DOCKER_SKIP = await dockerSkipReason();
const KUBECTL_VERSION = '1.32';
/** A service CIDR of its own, so these rules never meet a local cluster's 10.96.0.0/12. */
const SERVICE_CIDR = '10.123.0.0/16';
const CLUSTER_DNS_IP = '10.123.0.10';
const CHAIN_PREFIX = `FLTE2E${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
const REQUESTS = 30;
const WORKLOAD_READY_TIMEOUT_MS = 120_000;
/** Slices follow pods within a second; the proxy syncs within its interval; plus kubectl exec overhead. */
const ANSWERING_SET_TIMEOUT_MS = 60_000;
const POLL_PAUSE_MS = 1_000;
/** Debian's busybox 1.35 wget crashes (SIGSEGV) on -T, so each request is bounded by timeout(1) instead. */
const WGET = 'timeout 5 wget -qO-';
const HOST_REQUEST_TIMEOUT_MS = 5_000;
/** Long enough for many requests to pass while no proxy runs, short of the node going NotReady. */
const AGENT_DOWN_MS = 5_000;
const HOST_REQUEST_PAUSE_MS = 100;
const GATE_FILE = '/tmp/ready';

const skip = kubectlSkipReason(KUBECTL_VERSION) || DOCKER_SKIP;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function nginxTemplate(app: string) {
  return { metadata: { labels: { app } }, spec: hostnameNginxSpec() };
}

const hostGet = (url: string) => httpGetBody(url, HOST_REQUEST_TIMEOUT_MS);

describe('Services, the node proxy and cluster DNS on a real agent', { skip }, () => {
  let cp: TestControlPlane;
  let cm: ControllerManagerProcess;
  let scheduler: SchedulerProcess;
  let dns: DnsProcess;
  let agent: TestAgent;
  /** A second node on the same engine, with no proxy of its own: agent's rules serve it. */
  let agentB: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;
  const run = (args: string[]) => runKubectl(args, { kubeconfig, version: KUBECTL_VERSION });
  const exec = (script: string) => run(['exec', 'client', '--', 'sh', '-c', script]);

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane({ https: true, extraArgs: ['--service-cluster-ip-range', SERVICE_CIDR] });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    cm = await startControllerManager(cp.apiserver.address, cp.logDir, { extraArgs: ['--leader-elect=false'] });
    scheduler = await startSchedulerProcess(cp.apiserver.address, cp.logDir, { extraArgs: ['--leader-elect=false'] });
    dns = await startDnsProcess(cp.apiserver.address, cp.logDir, { clusterDnsIP: CLUSTER_DNS_IP });
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir, proxyChainPrefix: CHAIN_PREFIX, extraArgs: ['--cluster-dns', CLUSTER_DNS_IP] });
    agentB = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: ['--cluster-dns', CLUSTER_DNS_IP] });
  });

  after(async () => {
    await agentB?.stop();
    await agent?.stop();
    await removeProxyChains(CHAIN_PREFIX).catch(() => undefined);
    await dns?.stop();
    await scheduler?.stop();
    await cm?.stop();
    client?.close();
    await cp?.stop();
  });

  it('reaches nginx by Service name, ClusterIP and NodePort, spreads over pods and follows a scale-down', async () => {
    const deployment: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: nginxTemplate('web') } } as Deployment;
    await client.create(resources.deployments, deployment);
    const service = await client.create(resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } } as Service);
    const clusterIP = service.spec?.clusterIP ?? '';
    const nodePort = service.spec?.ports?.[0]?.nodePort ?? 0;
    assert.match(clusterIP, /^10\.123\./);
    await client.create(resources.pods, podManifest('client', agent.nodeName, { containers: [busybox('client', 'sleep 3600')] }));
    await waitForPod(client, 'client', 'Ready', isReady, WORKLOAD_READY_TIMEOUT_MS);
    await waitUntil('3 ready web endpoints', async () => {
      const slices = await client.list(resources.endpointSlices, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' });
      return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length === 3;
    }, WORKLOAD_READY_TIMEOUT_MS);

    const resolv = await exec('cat /etc/resolv.conf');
    assert.equal(resolv.stdout, `nameserver ${CLUSTER_DNS_IP}\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`.replace('cluster.local\noptions', `cluster.local${hostSearchSuffix(resolv.stdout)}\noptions`));

    let answered = '';
    await waitUntil('the Service to answer by name', async () => {
      await pause(POLL_PAUSE_MS);
      const r = await exec(`${WGET} http://web`);
      answered = r.stdout;
      return r.code === 0 && /^web-/.test(r.stdout);
    }, ANSWERING_SET_TIMEOUT_MS);
    for (const url of ['http://web.default', 'http://web.default.svc.cluster.local', `http://${clusterIP}`]) {
      const r = await exec(`${WGET} ${url}`);
      assert.equal(r.code, 0, `${url}: ${r.stderr}`);
      assert.match(r.stdout, /^web-[a-z0-9]+-[a-z0-9]+\n$/, url);
    }
    assert.ok(answered);
    const spread = await exec(`for i in $(seq ${REQUESTS}); do ${WGET} http://${clusterIP}; done`);
    assert.equal(spread.code, 0, spread.stderr);
    const hosts = new Set(spread.stdout.trim().split('\n'));
    assert.ok(hosts.size > 1, `${REQUESTS} requests all reached ${[...hosts].join(', ')}`);

    const fromHost = await fetch(`http://127.0.0.1:${nodePort}/`);
    assert.equal(fromHost.status, 200);
    assert.match(await fromHost.text(), /^web-/);

    await client.patch(resources.deployments, 'default', 'web', 'merge', { spec: { replicas: 1 } });
    await waitUntil('only one pod to answer after scaling to 1', async () => {
      await pause(POLL_PAUSE_MS);
      const r = await exec(`for i in $(seq 10); do ${WGET} http://web; done`);
      return r.code === 0 && new Set(r.stdout.trim().split('\n')).size === 1;
    }, ANSWERING_SET_TIMEOUT_MS);
  });

  it('reaches a pod on another node by pod IP, ClusterIP and name, and nginx sees the client pod\'s own IP', async () => {
    const [nodeA, nodeB] = await Promise.all([agent, agentB].map((a) => client.get<Node>(resources.nodes, '', a.nodeName)));
    const cidrs = [nodeA, nodeB].map((n) => n?.spec?.podCIDR ?? '');
    assert.ok(cidrs.every((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c)) && cidrs[0] !== cidrs[1], `pod CIDRs ${cidrs.join(', ')}`);
    const server = podManifest('cross-web', agent.nodeName, hostnameNginxSpec());
    server.metadata.labels = { app: 'cross' };
    await client.create(resources.pods, server);
    await client.create(resources.pods, podManifest('far', agentB.nodeName, { containers: [busybox('far', 'sleep 3600')] }));
    const svc = await client.create(resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cross', namespace: 'default' }, spec: { selector: { app: 'cross' }, ports: [{ port: 80, targetPort: 'http' }] } } as Service);
    const serverIP = (await waitForPod(client, 'cross-web', 'Ready', isReady, WORKLOAD_READY_TIMEOUT_MS)).status?.podIP ?? '';
    const farIP = (await waitForPod(client, 'far', 'Ready', isReady, WORKLOAD_READY_TIMEOUT_MS)).status?.podIP ?? '';
    assert.ok(inCidr(serverIP, cidrs[0]!) && inCidr(farIP, cidrs[1]!), `${serverIP} in ${cidrs[0]}, ${farIP} in ${cidrs[1]}`);

    const fromFar = (url: string) => run(['exec', 'far', '--', 'sh', '-c', `${WGET} ${url}`]);
    await waitUntil('the cross Service to answer by name from the other node', async () => {
      await pause(POLL_PAUSE_MS);
      return (await fromFar('http://cross')).stdout === 'cross-web\n';
    }, ANSWERING_SET_TIMEOUT_MS);
    for (const url of [`http://${serverIP}`, `http://${svc.spec?.clusterIP ?? ''}`, 'http://cross.default.svc.cluster.local']) {
      const r = await fromFar(url);
      assert.equal(r.stdout, 'cross-web\n', `${url}: ${r.stderr}`);
    }
    // nginx logs each request's peer address first: every request from far came from far's own IP.
    const logs = await run(['logs', 'cross-web', '-c', 'nginx']);
    const peers = logs.stdout.split('\n').filter((l) => l.includes('"Wget"')).map((l) => l.split(' ')[0]);
    assert.ok(peers.length >= 4, logs.stdout);
    assert.deepEqual(new Set(peers), new Set([farIP]));
  });

  it('sends no traffic to a pod failing its readiness probe, and starts once it passes', async () => {
    await client.create(resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gate', namespace: 'default' }, spec: { selector: { gate: 'on' }, ports: [{ port: 80, targetPort: 'http' }] } } as Service);
    for (const [name, probe] of [['gate-open', undefined], ['gate-closed', fileReadiness(GATE_FILE)]] as const) {
      const pod = podManifest(name, agent.nodeName, hostnameNginxSpec(probe));
      pod.metadata.labels = { gate: 'on' };
      await client.create(resources.pods, pod);
    }
    await waitForPod(client, 'gate-open', 'Ready', isReady, WORKLOAD_READY_TIMEOUT_MS);
    await waitForPod(client, 'gate-closed', 'Running', (p) => p.status?.phase === 'Running', WORKLOAD_READY_TIMEOUT_MS);
    await waitUntil('the gate slice to hold one ready and one not-ready endpoint', async () => {
      const slices = await client.list(resources.endpointSlices, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=gate' });
      const ready = slices.items.flatMap((s) => s.endpoints ?? []).map((e) => e.conditions?.ready === true);
      return ready.length === 2 && ready.filter(Boolean).length === 1;
    }, WORKLOAD_READY_TIMEOUT_MS);
    await waitUntil('the gate Service to answer', async () => {
      await pause(POLL_PAUSE_MS);
      return (await exec(`${WGET} http://gate`)).code === 0;
    }, ANSWERING_SET_TIMEOUT_MS);
    const closed = await exec(`for i in $(seq ${REQUESTS}); do ${WGET} http://gate; done`);
    assert.equal(closed.code, 0, closed.stderr);
    assert.deepEqual(new Set(closed.stdout.trim().split('\n')), new Set(['gate-open']));

    // The same pod, once its probe passes, is reached: only readiness kept it out.
    const opened = await run(['exec', 'gate-closed', '-c', 'nginx', '--', 'sh', '-c', `: > ${GATE_FILE}`]);
    assert.equal(opened.code, 0, opened.stderr);
    await waitUntil('gate-closed to answer once ready', async () => {
      await pause(POLL_PAUSE_MS);
      const r = await exec(`for i in $(seq 10); do ${WGET} http://gate; done`);
      return r.stdout.split('\n').includes('gate-closed');
    }, ANSWERING_SET_TIMEOUT_MS);
  });

  it('keeps serving while the agent and its proxy restart, and follows changes after', async () => {
    const clusterIP = (await client.get(resources.services, 'default', 'web')).spec?.clusterIP ?? '';
    const url = `http://${clusterIP}/`;
    const failures: string[] = [];
    let answered = 0;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        await hostGet(url).then(() => answered++, (err: Error) => failures.push(err.message));
        await pause(HOST_REQUEST_PAUSE_MS);
      }
    })();
    try {
      await agent.stopProcess();
      const beforeDown = answered;
      await pause(AGENT_DOWN_MS);
      assert.ok(answered > beforeDown, 'requests answered while no proxy ran');
      await agent.restart();
      await pause(AGENT_DOWN_MS);
    } finally {
      probing = false;
      await prober;
    }
    assert.deepEqual(failures, [], `${failures.length} of ${answered + failures.length} requests failed across the restart`);

    // The restarted proxy is live, not just leftover rules: it follows a scale-up.
    await client.patch(resources.deployments, 'default', 'web', 'merge', { spec: { replicas: 2 } });
    await waitUntil('two pods to answer after the restart', async () => {
      await pause(POLL_PAUSE_MS);
      const hosts = new Set<string>();
      for (let i = 0; i < REQUESTS; i++) hosts.add(await hostGet(url).catch(() => 'failed'));
      return hosts.size === 2 && !hosts.has('failed');
    }, ANSWERING_SET_TIMEOUT_MS);
  });

  it('resolves each StatefulSet pod by its headless Service name, and the Service name to all of them', async () => {
    await client.create(resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'ss' }, ports: [{ name: 'web', port: 80 }] } } as Service);
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss', namespace: 'default' }, spec: { serviceName: 'nginx', replicas: 3, selector: { matchLabels: { app: 'ss' } }, template: nginxTemplate('ss') } } as StatefulSet;
    await client.create(resources.statefulSets, sts);
    const pods = [];
    for (const name of ['ss-0', 'ss-1', 'ss-2']) pods.push(await waitForPod(client, name, 'Ready', isReady, WORKLOAD_READY_TIMEOUT_MS));
    const pod = pods[0]!;
    // busybox >= 1.29 nslookup has its own resolver: it expands only dotless names with the search path
    // and asks a dotted one (ss-0.nginx) as written, on Kubernetes too. So ss-0 is asked in full here, and
    // wget below goes through the C library's resolver, which expands ss-0.nginx as applications do.
    await waitUntil('ss-0.nginx.default.svc.cluster.local to resolve to the pod', async () => {
      await pause(POLL_PAUSE_MS);
      const r = await exec('nslookup ss-0.nginx.default.svc.cluster.local');
      return r.code === 0 && r.stdout.includes(pod.status?.podIP ?? 'no ip');
    }, ANSWERING_SET_TIMEOUT_MS);
    const r = await exec(`${WGET} http://ss-0.nginx`);
    assert.equal(r.stdout, 'ss-0\n');
    // `nslookup nginx`, dotless, asks every search domain at once: the first (default.svc.cluster.local)
    // answers with every ready pod, the others answer NXDOMAIN as on Kubernetes, and busybox then
    // exits 1 although it printed the answers; so the answers are checked, not the exit code.
    const ips = pods.map((p) => p.status?.podIP ?? 'no ip');
    let last = '';
    await waitUntil('nslookup nginx to give all three pods', async () => {
      await pause(POLL_PAUSE_MS);
      const all = await exec('nslookup nginx');
      last = `exit ${all.code}\n${all.stdout}${all.stderr}`;
      const answers = [...all.stdout.matchAll(/^Name:\s+nginx\.default\.svc\.cluster\.local\nAddress: (\S+)$/gm)].map((m) => m[1]);
      return ips.every((ip) => answers.includes(ip));
    }, ANSWERING_SET_TIMEOUT_MS).catch((err: Error) => assert.fail(`${err.message}; last answer: ${last}`));
  });
});

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(base) / size);
}

/** The host's own search domains follow the cluster's, as the kubelet appends them. */
function hostSearchSuffix(resolvConf: string): string {
  const search = /^search (.*)$/m.exec(resolvConf)?.[1] ?? '';
  const extra = search.split(' ').slice(3);
  return extra.length > 0 ? ` ${extra.join(' ')}` : '';
}
