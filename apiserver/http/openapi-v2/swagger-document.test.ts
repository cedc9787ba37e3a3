import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import { COMPONENT_REF_PREFIX } from '../../../api/openapi/schema.js';
import { listComponentName } from '../openapi/shared-components.js';
import { groupVersionPrefix } from '../openapi/resource-paths.js';
import { swaggerDocument, swaggerSchema } from './swagger-document.js';
import { SWAGGER_DEFINITION_REF_PREFIX, type SwaggerParameter } from './swagger-types.js';

const INFO_VERSION = 'v1.32.0-flotilla';
const doc = swaggerDocument(KINDS, INFO_VERSION);

function allRefs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allRefs);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : allRefs(v)));
}

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
}

describe('the Swagger 2.0 document', () => {
  it('is Swagger 2.0 with Kubernetes info and bearer-token security', () => {
    assert.equal(doc.swagger, '2.0');
    assert.deepEqual(doc.info, { title: 'Kubernetes', version: INFO_VERSION });
    assert.equal(doc.securityDefinitions['BearerToken']?.type, 'apiKey');
    assert.deepEqual(doc.security, [{ BearerToken: [] }]);
  });

  it('defines every kind and its list, with their group-version-kind', () => {
    for (const kind of KINDS) {
      const gvk = { group: kind.group, version: kind.version, kind: kind.kind };
      assert.deepEqual(doc.definitions[kind.schema.root]?.['x-kubernetes-group-version-kind'], [gvk], kind.kind);
      assert.deepEqual(doc.definitions[listComponentName(kind.schema.root)]?.['x-kubernetes-group-version-kind'], [{ ...gvk, kind: `${kind.kind}List` }]);
    }
  });

  it('has item and collection paths for each kind, the item path with get/put/patch/delete', () => {
    for (const kind of KINDS) {
      const gvk = { group: kind.group, version: kind.version, kind: kind.kind };
      const prefix = groupVersionPrefix(kind.group, kind.version);
      const collection = kind.namespaced ? `${prefix}/namespaces/{namespace}/${kind.plural}` : `${prefix}/${kind.plural}`;
      const item = doc.paths[`${collection}/{name}`];
      assert.ok(item, `${kind.kind}: ${collection}/{name}`);
      for (const method of ['get', 'put', 'patch', 'delete'] as const) {
        const op = item[method];
        assert.ok(op, `${kind.kind} ${method}`);
        assert.deepEqual(op['x-kubernetes-group-version-kind'], gvk);
        assert.equal(op['x-kubernetes-action'], method);
      }
      const names = (item.patch?.parameters ?? []).map((p) => p.name);
      assert.ok(names.includes('fieldValidation') && names.includes('dryRun'), kind.kind);
      assert.equal(doc.paths[collection]?.get?.['x-kubernetes-action'], 'list');
      assert.equal(doc.paths[collection]?.post?.['x-kubernetes-action'], 'post');
    }
  });

  it('puts request bodies in a body parameter and types other parameters in place', () => {
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    const body = item?.put?.parameters?.[0];
    assert.deepEqual(body, { name: 'body', in: 'body', required: true, schema: { $ref: `${SWAGGER_DEFINITION_REF_PREFIX}io.k8s.api.apps.v1.Deployment` } });
    assert.deepEqual(item?.put?.consumes, ['*/*']);
    assert.deepEqual(item?.get?.responses['200']?.schema, { $ref: `${SWAGGER_DEFINITION_REF_PREFIX}io.k8s.api.apps.v1.Deployment` });
    const nonBody = (item?.patch?.parameters ?? []).filter((p): p is Exclude<SwaggerParameter, { in: 'body' }> => p.in !== 'body');
    assert.ok(nonBody.length > 0);
    for (const p of nonBody) assert.ok(['string', 'integer', 'boolean'].includes(p.type), p.name);
    assert.deepEqual(item?.parameters?.map((p) => [p.name, p.in]), [['name', 'path'], ['namespace', 'path'], ['pretty', 'query']]);
  });

  it('refers only into #/definitions/, and every reference resolves', () => {
    const refs = allRefs(doc);
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      assert.ok(ref.startsWith(SWAGGER_DEFINITION_REF_PREFIX), ref);
      assert.ok(doc.definitions[ref.slice(SWAGGER_DEFINITION_REF_PREFIX.length)], ref);
    }
  });

  it('has no OpenAPI 3 notation: no allOf, oneOf, nullable or requestBody', () => {
    for (const key of ['allOf', 'oneOf', 'nullable', 'requestBody', 'content']) assert.equal(hasKey(doc, key), false, key);
  });

  it('keeps the strategic-merge extensions apply reads, a $ref beside them', () => {
    const spec = doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
    assert.deepEqual(spec?.properties?.['strategy'], {
      $ref: `${SWAGGER_DEFINITION_REF_PREFIX}io.k8s.api.apps.v1.DeploymentStrategy`,
      default: {},
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
    const containers = doc.definitions['io.k8s.api.core.v1.PodSpec']?.properties?.['containers'];
    assert.equal(containers?.['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers?.items?.$ref, `${SWAGGER_DEFINITION_REF_PREFIX}io.k8s.api.core.v1.Container`);
  });

  it('publishes IntOrString and Quantity as strings, as Kubernetes v2 does', () => {
    assert.equal(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.type, 'string');
    assert.equal(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.format, 'int-or-string');
    assert.equal(doc.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']?.type, 'string');
  });

  it('converts a schema: references, wrapped references, nested members', () => {
    assert.deepEqual(swaggerSchema({ $ref: `${COMPONENT_REF_PREFIX}A` }), { $ref: '#/definitions/A' });
    assert.deepEqual(swaggerSchema({ allOf: [{ $ref: `${COMPONENT_REF_PREFIX}A` }], description: 'd' }), { $ref: '#/definitions/A', description: 'd' });
    assert.deepEqual(swaggerSchema({ type: 'array', items: { allOf: [{ $ref: `${COMPONENT_REF_PREFIX}B` }], default: {} }, nullable: true }), {
      type: 'array',
      items: { $ref: '#/definitions/B', default: {} },
    });
    assert.throws(() => swaggerSchema({ $ref: '#/elsewhere/A' }), /outside/);
  });

  it('is the same document every time', () => {
    assert.equal(JSON.stringify(swaggerDocument(KINDS, INFO_VERSION)), JSON.stringify(doc));
  });
});
