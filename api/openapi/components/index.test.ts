import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refName, refsIn } from '../refs.js';
import type { OpenApiSchema } from '../schema.js';
import { COMPONENTS } from './index.js';

test('every $ref names a component in the table', () => {
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    for (const ref of refsIn(schema)) {
      const target = refName(ref);
      assert.ok(target !== undefined && Object.prototype.hasOwnProperty.call(COMPONENTS, target), `${name}: ${ref}`);
    }
  }
});

function walk(schema: OpenApiSchema, path: string, visit: (s: OpenApiSchema, path: string) => void): void {
  visit(schema, path);
  for (const [member, child] of Object.entries(schema.properties ?? {})) walk(child, `${path}.${member}`, visit);
  if (schema.items) walk(schema.items, `${path}[]`, visit);
  if (schema.additionalProperties) walk(schema.additionalProperties, `${path}{}`, visit);
  for (const child of schema.allOf ?? []) walk(child, path, visit);
}

test('references carrying extensions use the one-element allOf OpenAPI 3.0 honours', () => {
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    walk(schema, name, (s, path) => {
      if (s.$ref !== undefined) assert.deepEqual(Object.keys(s), ['$ref'], path);
      if (s.allOf) assert.equal(s.allOf.length, 1, path);
    });
  }
});

test('every integer declares int32 or int64, and merge keys name a member of the elements', () => {
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    walk(schema, name, (s, path) => {
      if (s.type === 'integer') assert.ok(s.format === 'int32' || s.format === 'int64', path);
      const key = s['x-kubernetes-patch-merge-key'];
      if (key !== undefined) {
        assert.equal(s.type, 'array', path);
        const element = s.items?.$ref !== undefined ? COMPONENTS[refName(s.items.$ref) ?? ''] : s.items;
        assert.ok(element?.properties?.[key], `${path}: merge key ${key}`);
      }
      for (const mapKey of s['x-kubernetes-list-map-keys'] ?? []) {
        const element = s.items?.$ref !== undefined ? COMPONENTS[refName(s.items.$ref) ?? ''] : s.items;
        assert.ok(element?.properties?.[mapKey], `${path}: list map key ${mapKey}`);
      }
    });
  }
});

test('required members are declared members', () => {
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    for (const member of schema.required ?? []) assert.ok(schema.properties?.[member], `${name}.${member}`);
  }
});

test('integer formats follow Kubernetes: int64 for generations, seconds of grace and user ids', () => {
  const format = (component: string, member: string): string | undefined => COMPONENTS[component]?.properties?.[member]?.format;
  assert.equal(format('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation'), 'int64');
  assert.equal(format('io.k8s.api.core.v1.PodSpec', 'terminationGracePeriodSeconds'), 'int64');
  assert.equal(format('io.k8s.api.core.v1.PodSpec', 'priority'), 'int32');
  assert.equal(format('io.k8s.api.core.v1.ContainerPort', 'containerPort'), 'int32');
  assert.equal(format('io.k8s.api.core.v1.SecurityContext', 'runAsUser'), 'int64');
  assert.equal(format('io.k8s.api.apps.v1.DeploymentSpec', 'replicas'), 'int32');
  assert.equal(format('io.k8s.api.apps.v1.DeploymentStatus', 'observedGeneration'), 'int64');
  assert.equal(format('io.k8s.api.apps.v1.ControllerRevision', 'revision'), 'int64');
});
