// Server-side apply with the real kubectl 1.32 against the apiserver's
// Kubernetes HTTP API: apply --server-side twice, a conflicting scale, the
// conflict and --force-conflicts, client-side apply afterwards, and the
// managed fields kubectl hides unless asked. The deployment controller runs
// for real (its status writes are managers too); a fake agent plays the nodes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../api/resources.js';
import { kubectlSkipReason, suiteKubectl } from '../testkit/kubectl.js';
import { WEB_DEPLOYMENT_YAML } from '../testkit/objects/kubectl-manifests.js';
import { useControllerCluster } from '../testkit/processes/controller-cluster.js';

const NS = 'kubectl-ssa';

const DEPLOYMENT = WEB_DEPLOYMENT_YAML;

describe('kubectl 1.32 server-side apply', { skip: kubectlSkipReason('1.32') }, () => {
  const env = useControllerCluster({
    namespaces: [NS],
    agent: { nodes: ['ssa-node-a'] },
    controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,garbagecollector'],
    https: true,
  });

  const { run: kubectl, ok, manifest } = suiteKubectl(NS, () => ({ kubeconfig: env.kubeconfig, dir: env.plane.logDir }));

  async function managers(): Promise<{ manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> }[]> {
    const d = await env.client.get(resources.deployments, NS, 'web');
    return (d.metadata.managedFields ?? []) as { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> }[];
  }

  it('apply --server-side creates, then applies again without changing anything', async () => {
    const path = manifest('web.yaml', DEPLOYMENT);
    assert.equal(await ok(['apply', '--server-side', '-f', path]), 'deployment.apps/web serverside-applied\n');
    const created = await env.client.get(resources.deployments, NS, 'web');
    assert.equal(await ok(['apply', '--server-side', '-f', path]), 'deployment.apps/web serverside-applied\n');
    const again = await env.client.get(resources.deployments, NS, 'web');
    assert.equal(again.metadata.generation, created.metadata.generation);
    const applier = (await managers()).find((m) => m.operation === 'Apply');
    assert.equal(applier?.manager, 'kubectl');
  });

  it('get -o yaml hides managed fields unless --show-managed-fields', async () => {
    assert.doesNotMatch(await ok(['get', 'deployment', 'web', '-o', 'yaml']), /managedFields/);
    const shown = await ok(['get', 'deployment', 'web', '-o', 'yaml', '--show-managed-fields']);
    assert.match(shown, /managedFields:/);
    assert.match(shown, /manager: kubectl\n\s+operation: Apply/);
    assert.match(shown, /f:replicas: \{\}/);
  });

  it('a scale takes replicas; apply --server-side then conflicts, and --force-conflicts takes it back', async () => {
    assert.equal(await ok(['scale', 'deployment', 'web', '--replicas=3']), 'deployment.apps/web scaled\n');
    const scaler = (await managers()).find((m) => m.subresource === 'scale');
    assert.equal(scaler?.operation, 'Update');
    const path = manifest('web.yaml', DEPLOYMENT);
    const refused = await kubectl(['apply', '--server-side', '-f', path]);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      new RegExp(`Apply failed with 1 conflict: conflict with "${scaler?.manager}" with subresource "scale" using apps/v1: \\.spec\\.replicas`),
    );
    assert.match(refused.stderr, /--force-conflicts/);
    const scaled = await env.client.get(resources.deployments, NS, 'web');
    assert.equal((scaled.spec as { replicas: number }).replicas, 3);

    assert.equal(await ok(['apply', '--server-side', '--force-conflicts', '-f', path]), 'deployment.apps/web serverside-applied\n');
    const taken = await env.client.get(resources.deployments, NS, 'web');
    assert.equal((taken.spec as { replicas: number }).replicas, 2);
    assert.equal((await managers()).find((m) => m.subresource === 'scale'), undefined);
  });

  it('client-side apply after server-side configures the object and records its own manager', async () => {
    const path = manifest('web-4.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 4'));
    const res = await kubectl(['apply', '-f', path]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'deployment.apps/web configured\n');
    const d = await env.client.get(resources.deployments, NS, 'web');
    assert.equal((d.spec as { replicas: number }).replicas, 4);
    const csa = (await managers()).find((m) => m.manager === 'kubectl-client-side-apply');
    assert.equal(csa?.operation, 'Update');
    assert.deepEqual((csa?.fieldsV1['f:spec'] as Record<string, unknown>)['f:replicas'], {});
  });

  it('apply --server-side after client-side apply shares the fields, and kubectl moves their ownership to itself', async () => {
    const api = DEPLOYMENT.replaceAll('web', 'api');
    const path = manifest('api.yaml', api);
    assert.equal(await ok(['apply', '-f', path]), 'deployment.apps/api created\n');
    assert.equal(await ok(['apply', '--server-side', '-f', path]), 'deployment.apps/api serverside-applied\n');
    const d = await env.client.get(resources.deployments, NS, 'api');
    const owners = ((d.metadata.managedFields ?? []) as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    // kubectl migrates what client-side apply owned (its last-applied fields) into its own Apply entry.
    assert.ok(owners.includes('kubectl/Apply'), owners.join(','));
    assert.ok(!owners.includes('kubectl-client-side-apply/Update'), owners.join(','));
    const res = await kubectl(['apply', '--server-side', '-f', manifest('api-3.yaml', api.replace('replicas: 2', 'replicas: 3'))]);
    assert.equal(res.code, 0, res.stderr);
    const scaled = await env.client.get(resources.deployments, NS, 'api');
    assert.equal((scaled.spec as { replicas: number }).replicas, 3);
  });
});
