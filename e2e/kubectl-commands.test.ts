// The kubectl commands people type, with the real kubectl 1.32 against the
// apiserver's Kubernetes HTTP API: discovery, OpenAPI (strict validation),
// tables, apply, scale, rollout, label, patch, watch, delete. The
// controllers run for real; a fake agent plays the nodes, so no Docker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resources } from '../api/resources.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { WEB_DEPLOYMENT_YAML } from '../testkit/objects/kubectl-manifests.js';
import { useControllerCluster } from '../testkit/processes/controller-cluster.js';
import { waitUntil } from '../testkit/wait-until.js';

const NS = 'kubectl-e2e';
const ROLLOUT_TIMEOUT = '60s';
const SETTLE_TIMEOUT_MS = 30_000;

const DEPLOYMENT = WEB_DEPLOYMENT_YAML;

describe('kubectl 1.32 against the HTTP API', { skip: kubectlSkipReason('1.32') }, () => {
  const env = useControllerCluster({
    namespaces: [NS],
    agent: { nodes: ['kubectl-node-a', 'kubectl-node-b'] },
    controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,garbagecollector'],
    https: true,
  });

  const kubectl = (args: string[], stdin?: string): Promise<KubectlResult> =>
    runKubectl(['-n', NS, ...args], { kubeconfig: env.kubeconfig, version: '1.32', ...(stdin === undefined ? {} : { stdin }) });

  async function ok(args: string[], stdin?: string): Promise<string> {
    const res = await kubectl(args, stdin);
    assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  }

  const manifest = (name: string, text: string): string => {
    const path = join(env.plane.logDir, name);
    writeFileSync(path, text);
    return path;
  };

  it('version, api-resources and explain come from the server', async () => {
    assert.match(await ok(['version']), /Server Version: v1\.32\.0-flotilla/);
    const table = await ok(['api-resources']);
    for (const row of [/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^pods\s+po\s+v1\s+true\s+Pod$/m, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m]) {
      assert.match(table, row);
    }
    assert.match(await ok(['explain', 'deployment.spec.replicas']), /FIELD: replicas <integer>/);
  });

  it('apply creates, then leaves unchanged, then configures; strict validation names an unknown field', async () => {
    const path = manifest('web.yaml', DEPLOYMENT);
    assert.equal(await ok(['apply', '-f', path]), 'deployment.apps/web created\n');
    assert.equal(await ok(['apply', '-f', path]), 'deployment.apps/web unchanged\n');
    assert.equal(await ok(['apply', '-f', manifest('web-3.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 3'))]), 'deployment.apps/web configured\n');
    const typo = await kubectl(['apply', '-f', manifest('typo.yaml', DEPLOYMENT.replace('replicas: 2', 'replicaz: 2'))]);
    assert.notEqual(typo.code, 0);
    assert.match(typo.stderr, /unknown field "spec.replicaz"/);
  });

  it('get prints the server-side table, wide and as json, and rollout status follows the controllers', async () => {
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    const table = await ok(['get', 'deployments']);
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\S+\n$/);
    const wide = await ok(['get', 'deploy', 'web', '-o', 'wide']);
    assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+3\/3\s+3\s+3\s+\S+\s+nginx\s+flotilla\/nginx:1\.22\s+app=web\n/);
    const pods = await ok(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    assert.equal(pods.trim().split('\n').length, 3);
    const json = JSON.parse(await ok(['get', 'deployment', 'web', '-o', 'json'])) as { spec: { replicas: number } };
    assert.equal(json.spec.replicas, 3);
    assert.equal(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}']), '3');
  });

  it('scale goes through the scale subresource; label, annotate and the three patch types change the object', async () => {
    assert.equal(await ok(['scale', 'deployment/web', '--replicas=1']), 'deployment.apps/web scaled\n');
    await waitUntil('the deployment at 1 replica', async () => (await env.client.get(resources.deployments, NS, 'web')).status?.replicas === 1, SETTLE_TIMEOUT_MS);
    assert.equal(await ok(['label', 'deployment', 'web', 'tier=frontend']), 'deployment.apps/web labeled\n');
    assert.equal(await ok(['annotate', 'deployment', 'web', 'owner=team-a']), 'deployment.apps/web annotated\n');
    await ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"minReadySeconds":1}}']);
    await ok(['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":5}]']);
    await ok(['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"flotilla/busybox:1.35"}]}}}}']);
    const d = await env.client.get(resources.deployments, NS, 'web');
    assert.equal(d.metadata.labels?.tier, 'frontend');
    assert.equal(d.metadata.annotations?.owner, 'team-a');
    assert.equal(d.spec.minReadySeconds, 1);
    assert.equal(d.spec.revisionHistoryLimit, 5);
    assert.deepEqual(d.spec.template.spec.containers.map((c) => c.name).sort(), ['nginx', 'sidecar']);
  });

  it('set image then rollout undo returns to the previous replica set, not a new one', async () => {
    const before = (await env.client.list(resources.replicaSets, { namespace: NS })).items.map((rs) => rs.metadata.name).sort();
    assert.equal(await ok(['set', 'image', 'deployment/web', 'nginx=flotilla/nginx:latest']), 'deployment.apps/web image updated\n');
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    assert.equal(await ok(['rollout', 'undo', 'deployment/web']), 'deployment.apps/web rolled back\n');
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    const after = (await env.client.list(resources.replicaSets, { namespace: NS })).items;
    assert.equal(after.length, before.length + 1, 'one replica set for the new image, none for the undo');
    const active = after.filter((rs) => (rs.spec.replicas ?? 0) > 0).map((rs) => rs.metadata.name);
    assert.equal(active.length, 1);
    assert.ok(before.includes(active[0] ?? ''), `the undo scaled up ${active[0]}, one of ${before.join(', ')}`);
  });

  // kubectl 1.32+ sends these bodies as protobuf, with no JSON fallback.
  it('create deployment, namespace and configmap send protobuf bodies the apiserver stores as JSON would; a ConfigMap prints and validates as Kubernetes does', async () => {
    assert.equal(await ok(['create', 'deployment', 'web2', '--image=flotilla/nginx:1.22', '--replicas=2']), 'deployment.apps/web2 created\n');
    const deployment = await env.client.get(resources.deployments, NS, 'web2');
    assert.equal(deployment.spec.replicas, 2);
    assert.deepEqual(deployment.spec.selector.matchLabels, { app: 'web2' });
    assert.deepEqual(deployment.spec.template.metadata?.labels, { app: 'web2' });
    assert.deepEqual(
      deployment.spec.template.spec.containers.map((c) => [c.name, c.image]),
      [['nginx', 'flotilla/nginx:1.22']],
    );
    assert.ok(deployment.metadata.creationTimestamp, 'the server sets creationTimestamp');

    assert.equal(await ok(['create', 'namespace', 'ns-x']), 'namespace/ns-x created\n');
    const namespace = await env.client.get(resources.namespaces, '', 'ns-x');
    assert.equal(namespace.metadata.name, 'ns-x');
    assert.equal(namespace.status?.phase, 'Active');

    assert.equal(await ok(['create', 'configmap', 'cfg', '--from-literal=a=b']), 'configmap/cfg created\n');
    const configMap = await env.client.get(resources.configMaps, NS, 'cfg');
    assert.deepEqual(configMap.data, { a: 'b' });
    assert.match(await ok(['get', 'cm', 'cfg']), /^NAME\s+DATA\s+AGE\ncfg\s+1\s+\S+\n$/);
    const badKey = await kubectl(['apply', '-f', manifest('bad-cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-cm\ndata:\n  a/b: x\n')]);
    assert.notEqual(badKey.code, 0);
    assert.match(badKey.stderr, /ConfigMap "bad-cm" is invalid: data\[a\/b\]: Invalid value: "a\/b": a valid config key/);
    assert.equal(await ok(['delete', 'configmap', 'cfg']), 'configmap "cfg" deleted\n');

    assert.equal(await ok(['delete', 'deployment', 'web2']), 'deployment.apps "web2" deleted\n');
    assert.equal(await ok(['delete', 'namespace', 'ns-x']), 'namespace "ns-x" deleted\n');
  });

  it('errors read as Kubernetes prints them', async () => {
    const missing = await kubectl(['get', 'deployment', 'nothing-here']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): deployments.apps "nothing-here" not found/);
    const invalid = await kubectl(['scale', 'deployment/web', '--replicas=-3']);
    assert.notEqual(invalid.code, 0);
  });

  it('delete cascades to the replica sets and pods', async () => {
    assert.equal(await ok(['delete', 'deployment', 'web']), 'deployment.apps "web" deleted\n');
    await waitUntil('the replica sets gone', async () => (await env.client.list(resources.replicaSets, { namespace: NS })).items.length === 0, SETTLE_TIMEOUT_MS);
    assert.match((await kubectl(['get', 'deployments'])).stderr, /No resources found in kubectl-e2e namespace/);
  });
});
