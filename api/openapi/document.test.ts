import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ref } from './builders.js';
import { openApiComponentsFor } from './document.js';
import { kindSchema } from './kind-schema.js';
import type { ComponentTable } from './schema.js';

const TABLE: ComponentTable = {
  'x.Root': { type: 'object', properties: { a: ref('x.A'), list: { type: 'array', items: ref('x.B') } } },
  'x.A': { type: 'object', properties: { b: ref('x.B', { default: {} }) } },
  'x.B': { type: 'object', properties: { self: ref('x.B') } },
  'x.Unreached': { type: 'string' },
};

test('collects the roots and everything reachable through $ref, sorted, and nothing else', () => {
  const found = openApiComponentsFor([{ schema: { root: 'x.Root', components: TABLE } }]);
  assert.deepEqual(Object.keys(found), ['x.A', 'x.B', 'x.Root']);
  assert.equal(found['x.A'], TABLE['x.A']);
});

test('a dangling reference is an error, not a document kubectl would reject', () => {
  const broken: ComponentTable = { 'x.Root': { type: 'object', properties: { a: ref('x.Missing') } } };
  assert.throws(() => openApiComponentsFor([{ schema: { root: 'x.Root', components: broken } }]), /x\.Missing/);
});

test('apps/v1 components: the workloads, pod template, metadata and their pieces', () => {
  const roots = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ControllerRevision'];
  const found = openApiComponentsFor(roots.map((k) => ({ schema: kindSchema(`io.k8s.api.apps.v1.${k}`) })));
  for (const name of [
    'io.k8s.api.apps.v1.Deployment',
    'io.k8s.api.core.v1.PodSpec',
    'io.k8s.api.core.v1.Container',
    'io.k8s.api.core.v1.PersistentVolumeClaim',
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    'io.k8s.apimachinery.pkg.api.resource.Quantity',
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    'io.k8s.apimachinery.pkg.runtime.RawExtension',
  ]) {
    assert.ok(found[name], name);
  }
  assert.equal(found['io.k8s.api.core.v1.Node'], undefined);
  assert.equal(found['io.k8s.api.coordination.v1.Lease'], undefined);
});

test('a kind schema for an unknown root fails at once', () => {
  assert.throws(() => kindSchema('io.k8s.api.core.v1.Nothing'), /Nothing/);
});
