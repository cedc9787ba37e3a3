// Server-side apply over the HTTPS API against a real apiserver and etcd:
// upsert, unchanged re-apply, pruning, conflicts and force, dry runs, bad
// YAML, and the Update entries plain writes record.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resources } from '../../api/resources.js';
import type { KubeObject, Status } from '../../api/types/index.js';
import { httpsRequest, type HttpsResponse } from '../../testkit/https-get.js';
import { uniqueName } from '../../testkit/objects/apiserver-fixtures.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

const env = useControlPlane({ https: true });
const APPLY = 'application/apply-patch+yaml';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function call(method: string, path: string, body?: string, contentType = 'application/json', userAgent = 'ssa-test/1.0'): Promise<HttpsResponse> {
  const api = env.plane.apiserver;
  return httpsRequest(method, `https://127.0.0.1:${api.httpsPort}${path}`, {
    ca: readFileSync(api.caFile as string),
    token: api.token,
    body,
    headers: { 'content-type': contentType, 'user-agent': userAgent },
  });
}

function apply(name: string, yaml: string, query = 'fieldManager=ssa'): Promise<HttpsResponse> {
  return call('PATCH', `${DEPLOYMENTS}/${name}?${query}`, yaml, APPLY);
}

function deploymentYaml(name: string, replicas: number, extraLabel = true): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    app: web',
    ...(extraLabel ? ['    tier: front'] : []),
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: nginx:1.27',
    '',
  ].join('\n');
}

function managers(obj: KubeObject): Json[] {
  return (obj.metadata.managedFields as Json[] | undefined) ?? [];
}

async function stored(name: string): Promise<KubeObject> {
  return env.client.get(resources.deployments, 'default', name);
}

describe('server-side apply over HTTPS', () => {
  it('creates on the first apply (201), then answers 200 and changes nothing on an unchanged one', async () => {
    const name = uniqueName('ssa');
    const first = await apply(name, deploymentYaml(name, 2));
    assert.equal(first.status, 201, first.body);
    const created = JSON.parse(first.body) as KubeObject;
    assert.equal((created.spec as Json).replicas, 2);
    assert.equal((created.spec as Json).template.spec.containers[0].imagePullPolicy, 'IfNotPresent', 'defaults applied');
    const [entry] = managers(created);
    assert.equal(entry.manager, 'ssa');
    assert.equal(entry.operation, 'Apply');
    assert.equal(entry.apiVersion, 'apps/v1');
    assert.equal(entry.fieldsType, 'FieldsV1');
    assert.deepEqual(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'], { '.': {}, 'f:image': {}, 'f:name': {} });

    const again = await apply(name, deploymentYaml(name, 2));
    assert.equal(again.status, 200, again.body);
    assert.equal((JSON.parse(again.body) as KubeObject).metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('removes a field the manager stops applying', async () => {
    const name = uniqueName('ssa-prune');
    assert.equal((await apply(name, deploymentYaml(name, 1))).status, 201);
    const res = await apply(name, deploymentYaml(name, 1, false));
    assert.equal(res.status, 200, res.body);
    assert.deepEqual((await stored(name)).metadata.labels, { app: 'web' });
  });

  it('answers 409 naming the other manager and field, and takes the field with force=true', async () => {
    const name = uniqueName('ssa-conflict');
    assert.equal((await apply(name, deploymentYaml(name, 2))).status, 201);
    const scaled = await call('PATCH', `${DEPLOYMENTS}/${name}/scale`, JSON.stringify({ spec: { replicas: 4 } }), 'application/merge-patch+json', 'kubectl/v1.32.0 (linux/amd64)');
    assert.equal(scaled.status, 200, scaled.body);
    const scaleEntry = managers(await stored(name)).find((m) => m.subresource === 'scale');
    assert.equal(scaleEntry?.manager, 'kubectl');
    assert.equal(scaleEntry?.operation, 'Update');
    assert.deepEqual(scaleEntry?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });

    const refused = await apply(name, deploymentYaml(name, 2));
    assert.equal(refused.status, 409, refused.body);
    const status = JSON.parse(refused.body) as Status;
    assert.equal(status.reason, 'Conflict');
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    assert.deepEqual(status.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl" with subresource "scale" using apps/v1', field: '.spec.replicas' }]);
    assert.equal(((await stored(name)).spec as Json).replicas, 4, 'nothing stored');

    const forced = await apply(name, deploymentYaml(name, 2), 'fieldManager=ssa&force=true');
    assert.equal(forced.status, 200, forced.body);
    const after = await stored(name);
    assert.equal((after.spec as Json).replicas, 2);
    assert.equal(managers(after).find((m) => m.subresource === 'scale'), undefined, 'the scale writer lost its only field');
  });

  it('shares a field applied with the value it already has', async () => {
    const name = uniqueName('ssa-share');
    assert.equal((await apply(name, deploymentYaml(name, 2))).status, 201);
    const other = await apply(name, deploymentYaml(name, 2), 'fieldManager=other');
    assert.equal(other.status, 200, other.body);
    const owners = managers(await stored(name)).filter((m) => m.fieldsV1['f:spec']?.['f:replicas']);
    assert.deepEqual(owners.map((m) => m.manager).sort(), ['other', 'ssa']);
  });

  it('stores nothing with dryRun=All', async () => {
    const name = uniqueName('ssa-dry');
    const res = await apply(name, deploymentYaml(name, 2), 'fieldManager=ssa&dryRun=All');
    assert.equal(res.status, 201, res.body);
    const missing = await call('GET', `${DEPLOYMENTS}/${name}`);
    assert.equal(missing.status, 404);
  });

  it('refuses bad YAML, a missing fieldManager and a body for another object', async () => {
    const name = uniqueName('ssa-bad');
    const bad = await apply(name, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: [unclosed\n');
    assert.equal(bad.status, 400, bad.body);
    const status = JSON.parse(bad.body) as Status;
    assert.match(status.message, /^error decoding YAML: /);
    assert.deepEqual(status.details, { name, kind: 'deployments', group: 'apps' });

    const noManager = await apply(name, deploymentYaml(name, 1), '');
    assert.equal(noManager.status, 422, noManager.body);
    assert.equal((JSON.parse(noManager.body) as Status).message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');

    const otherName = await apply(name, deploymentYaml('someone-else', 1));
    assert.equal(otherName.status, 400);
    assert.match((JSON.parse(otherName.body) as Status).message, /does not match the name on the URL/);
    const wrongVersion = await apply(name, deploymentYaml(name, 1).replace('apps/v1', 'apps/v1beta1'));
    assert.equal(wrongVersion.status, 400);
    assert.match((JSON.parse(wrongVersion.body) as Status).message, /Incorrect version specified in apply patch/);
    assert.equal((await call('GET', `${DEPLOYMENTS}/${name}`)).status, 404, 'nothing created');
  });

  it('records Update entries for plain writes: the fieldManager parameter, else the User-Agent, and gRPC callers', async () => {
    const name = uniqueName('ssa-update');
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } };
    const created = await call('POST', '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create', JSON.stringify(body));
    assert.equal(created.status, 201, created.body);
    const edited = await call('PATCH', `/api/v1/namespaces/default/configmaps/${name}`, JSON.stringify({ data: { b: '2' } }), 'application/merge-patch+json', 'kubectl-edit/v1.32.0');
    assert.equal(edited.status, 200, edited.body);
    const entries = managers(JSON.parse(edited.body) as KubeObject);
    assert.deepEqual(
      entries.map((m) => [m.manager, m.operation, m.fieldsV1]),
      [
        ['kubectl-create', 'Update', { 'f:data': { '.': {}, 'f:a': {} } }],
        ['kubectl-edit', 'Update', { 'f:data': { 'f:b': {} } }],
      ],
    );
    const cm = await env.client.get(resources.configMaps, 'default', name);
    await env.client.update(resources.configMaps, { ...cm, data: { a: '3', b: '2' } });
    const after = await env.client.get(resources.configMaps, 'default', name);
    const grpcEntry = managers(after).find((m) => m.manager === 'grpc-node-js');
    assert.deepEqual(grpcEntry?.fieldsV1, { 'f:data': { 'f:a': {} } }, 'the gRPC write took data.a');
    assert.deepEqual(managers(after).find((m) => m.manager === 'kubectl-create')?.fieldsV1, { 'f:data': {} }, 'the creator keeps the map itself');
  });
});
