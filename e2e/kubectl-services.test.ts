// Services through the real kubectl 1.32: expose, get svc/ep/endpointslices,
// describe svc with its endpoints, create service (protobuf bodies), taken
// NodePorts and ClusterIPs, ports out of range, a type change that frees its
// NodePort, cluster-info. The controllers run for real; a fake agent plays
// the node and gives each pod an address, so no Docker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../api/resources.js';
import { kubectlSkipReason, suiteKubectl } from '../testkit/kubectl.js';
import { webDeploymentYaml } from '../testkit/objects/kubectl-manifests.js';
import { useControllerCluster } from '../testkit/processes/controller-cluster.js';
import { waitUntil } from '../testkit/wait-until.js';

const NS = 'kubectl-svc';
const SETTLE_TIMEOUT_MS = 30_000;

const DEPLOYMENT = webDeploymentYaml('http');

function headers(text: string): string[] {
  return (text.split('\n')[0] ?? '').trim().split(/\s{2,}/);
}

describe('kubectl 1.32 and Services', { skip: kubectlSkipReason('1.32') }, () => {
  const env = useControllerCluster({
    namespaces: [NS],
    agent: { nodes: ['svc-node-a'] },
    controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,endpointslice'],
    https: true,
  });

  const { run: kubectl, ok, manifest } = suiteKubectl(NS, () => ({ kubeconfig: env.kubeconfig, dir: env.plane.logDir }));

  async function readyEndpoints(name: string, count: number): Promise<void> {
    await waitUntil(
      `${count} ready endpoints of ${name}`,
      async () => {
        const ep = await env.client.get(resources.endpoints, NS, name).catch(() => undefined);
        return (ep?.subsets ?? []).flatMap((s) => s.addresses ?? []).length === count;
      },
      SETTLE_TIMEOUT_MS,
    );
  }

  it('expose deployment makes a ClusterIP Service that get prints with kubectl columns', async () => {
    const path = manifest('web.yaml', DEPLOYMENT);
    await ok(['apply', '-f', path]);
    assert.equal(await ok(['expose', 'deployment', 'web', '--port=80']), 'service/web exposed\n');
    const svc = await env.client.get(resources.services, NS, 'web');
    assert.deepEqual(svc.spec?.selector, { app: 'web' });
    assert.match(svc.spec?.clusterIP ?? '', /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    const table = await ok(['get', 'svc', 'web']);
    assert.deepEqual(headers(table), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.match(table, new RegExp(`\\nweb\\s+ClusterIP\\s+${svc.spec?.clusterIP?.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s+\\S+\\n$`));
    assert.match(await ok(['get', 'svc', 'web', '-o', 'wide']), /SELECTOR\nweb\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s+\S+\s+app=web\n$/);
  });

  it('get ep and endpointslices list the ready pods; describe svc shows them', async () => {
    await readyEndpoints('web', 2);
    const pods = (await env.client.list(resources.pods, { namespace: NS, labelSelector: 'app=web' })).items;
    const ips = pods.map((p) => p.status?.podIP ?? '').sort();
    const ep = await ok(['get', 'ep', 'web']);
    assert.deepEqual(headers(ep), ['NAME', 'ENDPOINTS', 'AGE']);
    const listed = /\nweb\s+(\S+)\s+\S+\n$/.exec(ep)?.[1]?.split(',').sort();
    assert.deepEqual(listed, ips.map((ip) => `${ip}:80`).sort());
    const slices = await ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    assert.deepEqual(headers(slices), ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    assert.match(slices, /\nweb-[a-z0-9]+\s+IPv4\s+80\s+\S+\s+\S+\n$/);
    const all = await ok(['get', 'svc,ep,endpointslices']);
    assert.match(all, /service\/web\s/);
    assert.match(all, /endpoints\/web\s/);
    assert.match(all, /endpointslice\.discovery\.k8s\.io\/web-/);
    const described = await ok(['describe', 'svc', 'web']);
    assert.match(described, /^Name:\s+web$/m);
    assert.match(described, /^Selector:\s+app=web$/m);
    assert.match(described, /^Type:\s+ClusterIP$/m);
    for (const ip of ips) assert.match(described, new RegExp(`^Endpoints:\\s+.*${ip.replace(/\./g, '\\.')}:80`, 'm'));
  });

  it('create service nodeport and clusterip send protobuf bodies; a taken nodePort is refused with upstream words', async () => {
    assert.equal(await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080']), 'service/np created\n');
    const np = await env.client.get(resources.services, NS, 'np');
    const nodePort = np.spec?.ports?.[0]?.nodePort ?? 0;
    assert.ok(nodePort >= 30000 && nodePort <= 32767, `nodePort ${nodePort}`);
    assert.equal(np.spec?.ports?.[0]?.targetPort, 8080);
    assert.match(await ok(['get', 'svc', 'np']), new RegExp(`\\nnp\\s+NodePort\\s+\\S+\\s+<none>\\s+80:${nodePort}/TCP\\s+\\S+\\n$`));
    const taken = await kubectl(['create', 'service', 'nodeport', 'np2', '--tcp=80:8080', `--node-port=${nodePort}`]);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, new RegExp(`Service "np2" is invalid: spec.ports\\[0\\].nodePort: Invalid value: ${nodePort}: provided port is already allocated`));
    assert.equal(await ok(['create', 'service', 'clusterip', 'headless', '--clusterip=None']), 'service/headless created\n');
    assert.match(await ok(['get', 'svc', 'headless']), /\nheadless\s+ClusterIP\s+None\s+<none>\s+<none>\s+\S+\n$/);
  });

  it('refuses a taken clusterIP and ports out of range by field, and a type change to ClusterIP frees the nodePort', async () => {
    const np = await env.client.get(resources.services, NS, 'np');
    const clusterIP = np.spec?.clusterIP ?? '';
    const nodePort = np.spec?.ports?.[0]?.nodePort ?? 0;
    const takenIP = await kubectl(['create', 'service', 'clusterip', 'same-ip', '--tcp=80:80', `--clusterip=${clusterIP}`]);
    assert.notEqual(takenIP.code, 0);
    assert.match(takenIP.stderr, new RegExp(`Service "same-ip" is invalid: spec.clusterIPs: Invalid value: \\[\\]string\\{"${clusterIP.replace(/\./g, '\\.')}"\\}: failed to allocate IP ${clusterIP.replace(/\./g, '\\.')}: provided IP is already allocated`));
    const outOfRange = manifest('out-of-range.yaml', `apiVersion: v1
kind: Service
metadata: {name: wide}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: a, port: 70000, targetPort: 80}
  - {name: b, port: 81, targetPort: 65536}
`);
    const range = await kubectl(['apply', '-f', outOfRange]);
    assert.notEqual(range.code, 0);
    assert.match(range.stderr, /Service "wide" is invalid/);
    assert.match(range.stderr, /spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive/);
    assert.match(range.stderr, /spec\.ports\[1\]\.targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive/);
    const highNodePort = await kubectl(['create', 'service', 'nodeport', 'high', '--tcp=80:80', '--node-port=40000']);
    assert.notEqual(highNodePort.code, 0);
    assert.match(highNodePort.stderr, /Service "high" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 40000: provided port is not in the valid range\. The range of valid ports is 30000-32767/);
    const listed = await ok(['get', 'svc', '-o', 'name']);
    for (const refused of ['same-ip', 'wide', 'high']) assert.doesNotMatch(listed, new RegExp(`service/${refused}\n`));

    // Upstream clears the nodePorts a ClusterIP Service cannot use when the client left them as they were.
    assert.equal(await ok(['patch', 'svc', 'np', '-p', '{"spec":{"type":"ClusterIP"}}']), 'service/np patched\n');
    const patched = await env.client.get(resources.services, NS, 'np');
    assert.equal(patched.spec?.type, 'ClusterIP');
    assert.equal(patched.spec?.ports?.[0]?.nodePort, undefined);
    assert.equal(patched.spec?.clusterIP, clusterIP);
    assert.equal(await ok(['create', 'service', 'nodeport', 'reuse', '--tcp=80:80', `--node-port=${nodePort}`]), 'service/reuse created\n');
  });

  it('cluster-info names the control plane', async () => {
    const info = await ok(['cluster-info']);
    assert.match(info, /Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/);
  });
});
