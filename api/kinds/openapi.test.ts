import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { openApiComponentsFor } from '../openapi/document.js';
import { ref } from '../openapi/builders.js';
import { unknownFields } from '../openapi/unknown-fields.js';
import {
  daemonSetFixture,
  defaulted,
  deploymentFixture,
  eventFixture,
  leaseFixture,
  namespaceFixture,
  nodeFixture,
  podFixture,
  replicaSetFixture,
  statefulSetFixture,
} from './fixtures.js';
import type { KindDefinition } from './kind-definition.js';
import { KINDS, kindNamed } from './registry.js';

function controllerRevisionFixture(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-5d8f7', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'u-2', controller: true }] },
    data: { spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'web' }] } } } },
    revision: 1,
  };
}

const FIXTURES: readonly (() => KubeObject)[] = [
  namespaceFixture,
  nodeFixture,
  podFixture,
  eventFixture,
  leaseFixture,
  deploymentFixture,
  replicaSetFixture,
  daemonSetFixture,
  statefulSetFixture,
  controllerRevisionFixture,
];

function definition(kind: string): KindDefinition {
  const found = kindNamed(kind);
  assert.ok(found, kind);
  return found;
}

function unknownIn(obj: KubeObject): string[] {
  const { schema } = definition(obj.kind);
  return unknownFields(obj, ref(schema.root), schema.components);
}

test("every kind's root carries its group, version and kind and the envelope members", () => {
  for (const kind of KINDS) {
    const root = kind.schema.components[kind.schema.root];
    assert.ok(root, kind.schema.root);
    assert.deepEqual(root['x-kubernetes-group-version-kind'], [{ group: kind.group, version: kind.version, kind: kind.kind }], kind.kind);
    for (const member of ['apiVersion', 'kind', 'metadata']) assert.ok(root.properties?.[member], `${kind.kind}.${member}`);
    const prefix = kind.group === '' ? 'io.k8s.api.core.v1.' : `io.k8s.api.${kind.group.split('.')[0]}.${kind.version}.`;
    assert.equal(kind.schema.root, `${prefix}${kind.kind}`);
  }
});

test('every fixture kind is covered', () => {
  assert.deepEqual(FIXTURES.map((f) => f().kind).sort(), KINDS.map((k) => k.kind).sort());
});

test('every field of a valid object of each kind is declared, as strict validation requires', () => {
  for (const fixture of FIXTURES) {
    const obj = fixture();
    assert.deepEqual(unknownIn(obj), [], obj.kind);
    assert.deepEqual(unknownIn(defaulted(obj)), [], `${obj.kind} after defaulting`);
  }
});

test('a misspelt field is found wherever it is, as kubectl --validate=strict would', () => {
  const pod = podFixture();
  const spec = pod.spec as { containers: Record<string, unknown>[] };
  spec.containers[0]!.imagee = 'nginx';
  assert.deepEqual(unknownIn(pod), ['.spec.containers[0].imagee']);
  const deployment = deploymentFixture();
  (deployment.spec as Record<string, unknown>).replica = 3;
  assert.deepEqual(unknownIn(deployment), ['.spec.replica']);
});

test('the documents per group-version reach every component their kinds use', () => {
  const groups = new Map<string, KindDefinition[]>();
  for (const kind of KINDS) groups.set(`${kind.group}/${kind.version}`, [...(groups.get(`${kind.group}/${kind.version}`) ?? []), kind]);
  for (const [gv, kinds] of groups) {
    const components = openApiComponentsFor(kinds);
    for (const kind of kinds) assert.ok(components[kind.schema.root], `${gv} ${kind.kind}`);
    assert.ok(components['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], gv);
  }
});
