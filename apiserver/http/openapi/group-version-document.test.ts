import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import { refName, refsIn } from '../../../api/openapi/refs.js';
import type { OpenApiSchema } from '../../../api/openapi/schema.js';
import type { OpenApiDocument, OpenApiOperation } from './document-types.js';
import { groupVersionDocuments } from './group-version-document.js';

const documents = groupVersionDocuments(KINDS, 'v1.32.0-flotilla');

function operations(doc: OpenApiDocument): [string, string, OpenApiOperation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((m) => {
      const op = item[m];
      return op ? [[path, m, op] as [string, string, OpenApiOperation]] : [];
    }),
  );
}

function allRefs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allRefs);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : allRefs(v)));
}

test('one document per served group-version', () => {
  assert.deepEqual([...documents.keys()].sort(), ['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/batch/v1', 'apis/certificates.k8s.io/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/policy/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/storage.k8s.io/v1']);
  for (const doc of documents.values()) {
    assert.equal(doc.openapi, '3.0.0');
    assert.equal(doc.info.title, 'Kubernetes');
  }
});

test('every kind has its component, with x-kubernetes-group-version-kind, and its List', () => {
  for (const kind of KINDS) {
    const doc = documents.get(kind.group === '' ? `api/${kind.version}` : `apis/${kind.group}/${kind.version}`);
    assert.ok(doc, kind.kind);
    const schema: OpenApiSchema | undefined = doc.components.schemas[kind.schema.root];
    assert.deepEqual(schema?.['x-kubernetes-group-version-kind'], [{ group: kind.group, version: kind.version, kind: kind.kind }]);
    const list = doc.components.schemas[`${kind.schema.root}List`];
    assert.deepEqual(list?.['x-kubernetes-group-version-kind'], [{ group: kind.group, version: kind.version, kind: `${kind.kind}List` }]);
    for (const meta of ['Status', 'DeleteOptions', 'ListMeta', 'ObjectMeta']) {
      assert.ok(doc.components.schemas[`io.k8s.apimachinery.pkg.apis.meta.v1.${meta}`], meta);
    }
  }
});

test('every $ref, in paths and components, resolves in the document', () => {
  for (const [key, doc] of documents) {
    const refs = [...allRefs(doc.paths), ...Object.values(doc.components.schemas).flatMap(refsIn)];
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      const name = refName(ref);
      assert.ok(name !== undefined && doc.components.schemas[name], `${key}: ${ref}`);
    }
  }
});

test("each kind's PATCH operations carry its GVK and fieldValidation, as kubectl's strict validation looks for", () => {
  for (const kind of KINDS) {
    const doc = documents.get(kind.group === '' ? `api/${kind.version}` : `apis/${kind.group}/${kind.version}`);
    assert.ok(doc);
    const patches = operations(doc).filter(
      ([, method, op]) => method === 'patch' && op['x-kubernetes-group-version-kind'].kind === kind.kind && op['x-kubernetes-group-version-kind'].group === kind.group,
    );
    assert.ok(patches.length >= 1, kind.kind);
    for (const [path, , op] of patches) {
      const names = (op.parameters ?? []).map((p) => p.name);
      assert.ok(names.includes('fieldValidation') && names.includes('dryRun'), path);
      assert.equal(op['x-kubernetes-action'], 'patch');
    }
  }
});

test('deployment paths as upstream names them, scale speaking autoscaling/v1', () => {
  const apps = documents.get('apis/apps/v1');
  assert.ok(apps);
  const item = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  assert.equal(item?.get?.operationId, 'readAppsV1NamespacedDeployment');
  assert.equal(item?.patch?.operationId, 'patchAppsV1NamespacedDeployment');
  assert.equal(apps.paths['/apis/apps/v1/deployments']?.get?.operationId, 'listAppsV1DeploymentForAllNamespaces');
  const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  assert.deepEqual(scale?.put?.['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  const core = documents.get('api/v1');
  assert.equal(core?.paths['/api/v1/nodes/{name}']?.get?.operationId, 'readCoreV1Node');
  assert.equal(core?.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec']?.post?.['x-kubernetes-action'], 'connect');
  assert.equal(core?.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding']?.post?.operationId, 'createCoreV1NamespacedPodBinding');
});

test('documents are deterministic: equal bytes on every build', () => {
  const again = groupVersionDocuments(KINDS, 'v1.32.0-flotilla');
  for (const [key, doc] of documents) assert.equal(JSON.stringify(again.get(key)), JSON.stringify(doc), key);
});

test('a second served version has its own document with its own schema', async () => {
  const { SERVED_DEFINITIONS } = await import('../../../api/kinds/served-versions.js');
  const docs = groupVersionDocuments(SERVED_DEFINITIONS, 'v1.32.0-flotilla');
  const v1 = docs.get('apis/autoscaling/v1');
  const spec = v1?.components.schemas['io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec'];
  assert.ok(spec?.properties?.targetCPUUtilizationPercentage, 'v1 spec has targetCPUUtilizationPercentage');
  assert.equal(spec?.properties?.metrics, undefined);
  assert.ok(Object.keys(v1?.paths ?? {}).includes('/apis/autoscaling/v1/namespaces/{namespace}/horizontalpodautoscalers/{name}'));
  assert.ok(docs.get('apis/autoscaling/v2')?.components.schemas['io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec']?.properties?.metrics);
});
