import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { deepFreeze } from '../deep-freeze.js';
import { fieldOf, listStrategyOf, type PatchSchema } from './patch-schema.js';
import { patchSchemaFor } from '../kinds/registry.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { LAST_APPLIED_ANNOTATION, createThreeWayMergePatch } from './three-way-merge.js';

type Json = Record<string, unknown>;

const LAST_APPLIED = LAST_APPLIED_ANNOTATION;

function schema(kind: string): PatchSchema {
  const found = patchSchemaFor(kind);
  assert.ok(found);
  return found;
}

const POD = schema('Pod');
const DEPLOYMENT = schema('Deployment');

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every field `modified` names has `modified`'s value in `result`: maps
 * member by member, keyed lists element by key in `modified`'s relative
 * order, primitive merge lists as an ordered subset, other lists exactly.
 */
function assertContains(result: unknown, modified: unknown, patchSchema: PatchSchema | undefined, path: string): void {
  if (isMap(modified)) {
    assert.ok(isMap(result), `${path}: expected a map, got ${JSON.stringify(result)}`);
    for (const [key, value] of Object.entries(modified)) {
      const field = fieldOf(patchSchema, key);
      const at = `${path}.${key}`;
      if (value === null) {
        assert.equal(Object.prototype.hasOwnProperty.call(result, key), false, `${at}: should be absent`);
      } else if (Array.isArray(value)) {
        assertListContains(result[key], value, field, at);
      } else {
        assertContains(result[key], value, field?.schema, at);
      }
    }
    return;
  }
  assert.deepEqual(result, modified, path);
}

function assertListContains(result: unknown, modified: unknown[], field: ReturnType<typeof fieldOf>, path: string): void {
  assert.ok(Array.isArray(result), `${path}: expected a list, got ${JSON.stringify(result)}`);
  const strategy = listStrategyOf(field);
  if (strategy.kind === 'replace') {
    assert.deepEqual(result, modified, path);
  } else if (strategy.kind === 'merge-primitives') {
    const wanted = [...new Set(modified)];
    assert.deepEqual(result.filter((v) => wanted.includes(v)), wanted, `${path}: values or their order`);
  } else {
    const key = strategy.mergeKey;
    const wantedKeys = modified.map((e) => (e as Json)[key]);
    const resultKeys = result.map((e) => (e as Json)[key]).filter((k) => wantedKeys.includes(k));
    assert.deepEqual(resultKeys, wantedKeys, `${path}: elements or their order`);
    for (const element of modified as Json[]) {
      const match = result.find((e) => (e as Json)[key] === element[key]);
      assertContains(match, element, field?.schema, `${path}[${key}=${String(element[key])}]`);
    }
  }
}

interface Applied {
  patch: Json;
  result: Json;
}

/**
 * Computes the patch, applies it to `current`, checks the result holds
 * `modified`, and that applying the same manifest again changes nothing.
 */
function applyManifest(original: Json | undefined, modified: Json, current: Json, patchSchema: PatchSchema): Applied {
  const patch = createThreeWayMergePatch(
    original === undefined ? undefined : deepFreeze(structuredClone(original)),
    deepFreeze(structuredClone(modified)),
    deepFreeze(structuredClone(current)),
    patchSchema,
  );
  const result = applyStrategicMergePatch(current, patch, patchSchema);
  assertContains(result, modified, patchSchema, '');
  assert.deepEqual(createThreeWayMergePatch(modified, modified, result, patchSchema), {}, 'a second apply must be a no-op');
  return { patch, result };
}

function deployment(spec: Json, metadata: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, ...metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec },
    },
  };
}

/** What the apiserver adds to an applied manifest: identity, defaults, status. */
function served(manifest: Json): Json {
  const obj = structuredClone(manifest) as {
    metadata: Json;
    spec: { strategy?: Json; revisionHistoryLimit?: number; template: { spec: { containers: Json[]; restartPolicy?: string } } };
    status?: Json;
  };
  Object.assign(obj.metadata, { uid: 'uid-1', resourceVersion: '42', generation: 3, creationTimestamp: '2024-01-01T00:00:00Z' });
  obj.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  obj.spec.revisionHistoryLimit ??= 10;
  obj.spec.template.spec.restartPolicy ??= 'Always';
  for (const c of obj.spec.template.spec.containers) {
    c.imagePullPolicy ??= 'IfNotPresent';
    c.terminationMessagePath ??= '/dev/termination-log';
    for (const p of (c.ports as Json[] | undefined) ?? []) p.protocol ??= 'TCP';
  }
  obj.status = { replicas: 2, readyReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] };
  return obj as unknown as Json;
}

const WEB = { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'prod' }] };

test('an unchanged manifest gives {} even though the server added defaults and status', () => {
  const manifest = deployment({ containers: [WEB] });
  const { patch } = applyManifest(manifest, manifest, served(manifest), DEPLOYMENT);
  assert.deepEqual(patch, {});
  assert.deepEqual(createThreeWayMergePatch(undefined, manifest, served(manifest), DEPLOYMENT), {});
});

test('changing an image sends only that container, by name, with $setElementOrder', () => {
  const before = deployment({ containers: [WEB, { name: 'side', image: 'busybox' }] });
  const after = deployment({ containers: [{ ...WEB, image: 'nginx:1.26' }, { name: 'side', image: 'busybox' }] });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  assert.deepEqual(patch, {
    spec: {
      template: {
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.26' }],
          '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
        },
      },
    },
  });
  const web = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers[0]!;
  assert.equal(web.imagePullPolicy, 'IfNotPresent', 'server defaults inside the element survive');
  assert.deepEqual(result.status, served(before).status);
});

test('replicas and labels: changed, added, removed; labels another writer added stay', () => {
  const before = deployment({ containers: [WEB] }, { labels: { app: 'web', tier: 'front' } });
  const after = deployment({ containers: [WEB] }, { labels: { app: 'web', team: 'blue' } });
  (after.spec as Json).replicas = 5;
  const current = served(before);
  ((current.metadata as Json).labels as Json)['added-by-controller'] = 'yes';
  const { patch, result } = applyManifest(before, after, current, DEPLOYMENT);
  assert.deepEqual(patch, { metadata: { labels: { team: 'blue', tier: null } }, spec: { replicas: 5 } });
  assert.deepEqual((result.metadata as Json).labels, { app: 'web', team: 'blue', 'added-by-controller': 'yes' });
});

test('a field dropped from the manifest but already gone from the object needs no patch', () => {
  const before = deployment({ containers: [WEB] }, { labels: { app: 'web', tier: 'front' } });
  const after = deployment({ containers: [WEB] });
  const current = served(after);
  assert.deepEqual(createThreeWayMergePatch(before, after, current, DEPLOYMENT), {});
});

test('without a last-applied configuration nothing is deleted', () => {
  const after = deployment({ containers: [WEB] });
  const current = served(deployment({ containers: [WEB, { name: 'extra', image: 'x' }] }, { labels: { app: 'web', tier: 'front' } }));
  const { patch, result } = applyManifest(undefined, after, current, DEPLOYMENT);
  assert.deepEqual(patch, {});
  assert.deepEqual(((result.metadata as Json).labels as Json).tier, 'front');
});

test('removing a container sends $patch: delete for it', () => {
  const before = deployment({ containers: [WEB, { name: 'side', image: 'busybox' }] });
  const after = deployment({ containers: [WEB] });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  assert.deepEqual(patch, {
    spec: {
      template: {
        spec: {
          containers: [{ name: 'side', $patch: 'delete' }],
          '$setElementOrder/containers': [{ name: 'web' }],
        },
      },
    },
  });
  const containers = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers;
  assert.deepEqual(containers.map((c) => c.name), ['web']);
});

test('a container another writer injected is left alone', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [{ ...WEB, image: 'nginx:2' }, { name: 'added', image: 'a' }] });
  const current = served(before);
  ((current.spec as Json).template as { spec: { containers: Json[] } }).spec.containers.push({ name: 'istio-proxy', image: 'proxy' });
  const { result } = applyManifest(before, after, current, DEPLOYMENT);
  const containers = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers;
  // Kubernetes places a new element before live-only elements it cannot compare with.
  assert.deepEqual(containers.map((c) => c.name), ['web', 'added', 'istio-proxy']);
});

test('removing, adding and changing env vars', () => {
  const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }];
  const before = deployment({ containers: [{ name: 'web', image: 'x', env }] });
  const after = deployment({ containers: [{ name: 'web', image: 'x', env: [{ name: 'C', value: '30' }, { name: 'A', value: '1' }, { name: 'D', value: '4' }] }] });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  assert.deepEqual(patch, {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              env: [{ name: 'C', value: '30' }, { name: 'D', value: '4' }, { name: 'B', $patch: 'delete' }],
              '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }, { name: 'D' }],
            },
          ],
          '$setElementOrder/containers': [{ name: 'web' }],
        },
      },
    },
  });
  const web = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers[0]!;
  assert.deepEqual(web.env, [{ name: 'C', value: '30' }, { name: 'A', value: '1' }, { name: 'D', value: '4' }]);
});

test('switching an env var from value to valueFrom removes the old value', () => {
  const before = deployment({ containers: [{ name: 'web', env: [{ name: 'A', value: '1' }] }] });
  const after = deployment({ containers: [{ name: 'web', env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] });
  const { result } = applyManifest(before, after, served(before), DEPLOYMENT);
  const web = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers[0]!;
  assert.deepEqual(web.env, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
});

test('ports merge by number: adding, removing, and server-defaulted protocol left alone', () => {
  const before = deployment({ containers: [{ name: 'web', ports: [{ containerPort: 80 }, { containerPort: 443 }] }] });
  const after = deployment({ containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 8080 }] }] });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  const container = (((patch.spec as Json).template as Json).spec as { containers: Json[] }).containers[0]!;
  assert.deepEqual(container.ports, [{ containerPort: 80, name: 'http' }, { containerPort: 8080 }, { containerPort: 443, $patch: 'delete' }]);
  const web = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers[0]!;
  assert.deepEqual(web.ports, [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 8080 }]);
});

test('volumes: switching a source clears the old one through $retainKeys; removing a volume deletes it', () => {
  const before = deployment({
    containers: [{ name: 'web', volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }] }],
    volumes: [{ name: 'data', emptyDir: {} }, { name: 'tmp', emptyDir: { medium: 'Memory' } }],
  });
  const after = deployment({
    containers: [{ name: 'web', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] }],
    volumes: [{ name: 'data', hostPath: { path: '/srv/data' } }],
  });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  const podPatch = ((patch.spec as Json).template as Json).spec as Json;
  assert.deepEqual(podPatch.volumes, [
    { name: 'data', hostPath: { path: '/srv/data' }, emptyDir: null, $retainKeys: ['hostPath', 'name'] },
    { name: 'tmp', $patch: 'delete' },
  ]);
  const podSpec = ((result.spec as Json).template as Json).spec as Json;
  assert.deepEqual(podSpec.volumes, [{ name: 'data', hostPath: { path: '/srv/data' } }]);
  assert.deepEqual((podSpec.containers as Json[])[0]!.volumeMounts, [{ name: 'data', mountPath: '/data', readOnly: true }]);
});

test('$retainKeys clears a union member the server filled in, even without a last-applied configuration', () => {
  const current = served(deployment({ containers: [WEB], volumes: [{ name: 'data', emptyDir: {} }] }));
  const after = deployment({ containers: [WEB], volumes: [{ name: 'data', hostPath: { path: '/x' } }] });
  const { result } = applyManifest(undefined, after, current, DEPLOYMENT);
  const podSpec = ((result.spec as Json).template as Json).spec as Json;
  assert.deepEqual(podSpec.volumes, [{ name: 'data', hostPath: { path: '/x' } }]);
});

test('deployment strategy: Recreate clears the defaulted rollingUpdate', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [WEB] });
  (after.spec as Json).strategy = { type: 'Recreate' };
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  assert.deepEqual(patch, { spec: { strategy: { type: 'Recreate', $retainKeys: ['type'] } } });
  assert.deepEqual((result.spec as Json).strategy, { type: 'Recreate' });
});

test('deployment strategy named as the server defaulted it needs no patch', () => {
  const manifest = deployment({ containers: [WEB] });
  (manifest.spec as Json).strategy = { type: 'RollingUpdate' };
  assert.deepEqual(createThreeWayMergePatch(manifest, manifest, served(manifest), DEPLOYMENT), {});
});

test('reordering containers sends only $setElementOrder', () => {
  const a = { name: 'a', image: 'a' };
  const b = { name: 'b', image: 'b' };
  const c = { name: 'c', image: 'c' };
  const before = deployment({ containers: [a, b, c] });
  const after = deployment({ containers: [c, a, b] });
  const { patch, result } = applyManifest(before, after, served(before), DEPLOYMENT);
  assert.deepEqual(patch, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } } } });
  const names = ((result.spec as Json).template as { spec: { containers: Json[] } }).spec.containers.map((x) => x.name);
  assert.deepEqual(names, ['c', 'a', 'b']);
});

test('finalizers: dropping one deletes it from the set, other writers\' finalizers stay', () => {
  const before = deployment({ containers: [WEB] }, { finalizers: ['mine/a', 'mine/b'] });
  const after = deployment({ containers: [WEB] }, { finalizers: ['mine/b', 'mine/c'] });
  const current = served(before);
  (current.metadata as { finalizers: string[] }).finalizers.push('other/x');
  const { patch, result } = applyManifest(before, after, current, DEPLOYMENT);
  assert.deepEqual(patch, {
    metadata: {
      finalizers: ['mine/c'],
      '$deleteFromPrimitiveList/finalizers': ['mine/a'],
      '$setElementOrder/finalizers': ['mine/b', 'mine/c'],
    },
  });
  assert.deepEqual((result.metadata as Json).finalizers, ['mine/b', 'mine/c', 'other/x']);
});

test('replace lists (tolerations, args) are sent whole when they differ', () => {
  const before = deployment({ containers: [{ name: 'web', args: ['--a'] }], tolerations: [{ key: 'k', operator: 'Exists' }] });
  const after = deployment({ containers: [{ name: 'web', args: ['--a', '--b'] }], tolerations: [{ key: 'k2', operator: 'Exists' }] });
  const { patch } = applyManifest(before, after, served(before), DEPLOYMENT);
  const podPatch = ((patch.spec as Json).template as Json).spec as Json;
  assert.deepEqual(podPatch.tolerations, [{ key: 'k2', operator: 'Exists' }]);
  assert.deepEqual((podPatch.containers as Json[])[0], { name: 'web', args: ['--a', '--b'] });
});

test('the last-applied annotation travels like any other annotation', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [{ ...WEB, image: 'nginx:2' }] });
  const withAnnotation = (m: Json, config: Json): Json => {
    const copy = structuredClone(m);
    (copy.metadata as Json).annotations = { [LAST_APPLIED]: JSON.stringify(config) };
    return copy;
  };
  const current = served(withAnnotation(before, before));
  const { patch } = applyManifest(before, withAnnotation(after, after), current, DEPLOYMENT);
  assert.deepEqual((patch.metadata as Json).annotations, { [LAST_APPLIED]: JSON.stringify(after) });
});

test('a pod: containers, env, ports, volumes and a label removed in one apply', () => {
  const before: Json = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'p', old: 'x' } },
    spec: {
      containers: [
        { name: 'main', image: 'app:1', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 8080 }], volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] },
        { name: 'sidecar', image: 'side:1' },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
    },
  };
  const after: Json = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'p' } },
    spec: {
      containers: [{ name: 'main', image: 'app:1', env: [{ name: 'Y', value: '2' }], ports: [{ containerPort: 9090 }] }],
      volumes: [],
    },
  };
  const current = structuredClone(before) as { metadata: Json; spec: { containers: Json[]; nodeName?: string }; status?: Json };
  current.metadata.uid = 'u';
  current.spec.nodeName = 'node-1';
  current.spec.containers[0]!.imagePullPolicy = 'IfNotPresent';
  current.status = { phase: 'Running' };
  const { result } = applyManifest(before, after, current as unknown as Json, POD);
  assert.deepEqual(result, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'p' }, uid: 'u' },
    spec: {
      containers: [{ name: 'main', image: 'app:1', env: [{ name: 'Y', value: '2' }], ports: [{ containerPort: 9090 }], imagePullPolicy: 'IfNotPresent' }],
      volumes: [],
      nodeName: 'node-1',
    },
    status: { phase: 'Running' },
  });
});

test('a field whose type changed is sent whole; an explicit null asks for absence', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [WEB], nodeSelector: null, custom: { now: 'a map' } });
  const current = served(before);
  const podSpec = ((current.spec as Json).template as Json).spec as Json;
  podSpec.nodeSelector = { disk: 'ssd' };
  podSpec.custom = 'was a string';
  const { patch } = applyManifest(before, after, current, DEPLOYMENT);
  assert.deepEqual(((patch.spec as Json).template as Json).spec, { nodeSelector: null, custom: { now: 'a map' } });
});

test('a keyed list element without its merge key is a BadRequest naming it', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [WEB, { image: 'nameless' }] });
  assert.throws(
    () => createThreeWayMergePatch(before, after, served(before), DEPLOYMENT),
    (err: unknown) => err instanceof ApiError && err.reason === 'BadRequest' && /spec\.template\.spec\.containers\[1\]: a list merged by "name" needs "name"/.test(err.message),
  );
  const withFinalizer = served(deployment({ containers: [WEB] }, { finalizers: ['x'] }));
  assert.throws(
    () => createThreeWayMergePatch(undefined, deployment({ containers: [WEB] }, { finalizers: [{ a: 1 }] }), withFinalizer, DEPLOYMENT),
    (err: unknown) => err instanceof ApiError && err.reason === 'BadRequest' && /metadata\.finalizers\[0\]: expected a primitive value/.test(err.message),
  );
});

test('the inputs are not changed and the patch shares nothing with them', () => {
  const before = deployment({ containers: [WEB] });
  const after = deployment({ containers: [{ ...WEB, env: [{ name: 'NEW', value: 'v' }] }, { name: 'x', image: 'x', args: ['a'] }] });
  const current = served(before);
  const patch = createThreeWayMergePatch(deepFreeze(before), deepFreeze(after), deepFreeze(current), DEPLOYMENT);
  const podPatch = ((patch.spec as Json).template as Json).spec as { containers: { args?: string[] }[] };
  const added = podPatch.containers.find((c) => c.args);
  added!.args!.push('b');
  assert.deepEqual((((after.spec as Json).template as Json).spec as { containers: { args?: string[] }[] }).containers[1]!.args, ['a']);
});

// A seeded walk through many manifests: each step applies a random manifest
// over the live object the previous step left, with server defaults, status
// and other writers' additions in between.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomManifest(rnd: () => number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const subset = <T>(items: readonly T[]): T[] => {
    const chosen = items.filter(() => rnd() < 0.5);
    return chosen.sort(() => rnd() - 0.5);
  };
  const labels: Json = { app: 'web' };
  for (const key of subset(['tier', 'team', 'env'])) labels[key] = pick(['a', 'b']);
  const volumeNames = subset(['data', 'cache', 'cfg']);
  const containerNames = subset(['web', 'side', 'log']);
  const containers = (containerNames.length > 0 ? containerNames : ['web']).map((name) => {
    const container: Json = { name, image: `${name}:${pick(['1', '2'])}` };
    const env = subset(['A', 'B', 'C']).map((n) => (rnd() < 0.8 ? { name: n, value: pick(['1', '2']) } : { name: n, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }));
    if (env.length > 0 || rnd() < 0.3) container.env = env;
    const ports = subset([80, 443, 8080]).map((p) => (rnd() < 0.5 ? { containerPort: p } : { containerPort: p, name: `p${p}` }));
    if (ports.length > 0) container.ports = ports;
    const mounts = subset(volumeNames).map((v) => ({ name: v, mountPath: `/${v}` }));
    if (mounts.length > 0) container.volumeMounts = mounts;
    if (rnd() < 0.3) container.args = subset(['--a', '--b', '--c']);
    return container;
  });
  const podSpec: Json = { containers };
  if (volumeNames.length > 0) {
    podSpec.volumes = volumeNames.map((name) => (rnd() < 0.5 ? { name, emptyDir: {} } : { name, hostPath: { path: `/srv/${name}` } }));
  }
  if (rnd() < 0.3) podSpec.tolerations = subset([{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }]);
  const metadata: Json = { labels };
  const finalizers = subset(['f/a', 'f/b', 'f/c']);
  if (finalizers.length > 0) metadata.finalizers = finalizers;
  const manifest = deployment(podSpec, metadata);
  const spec = manifest.spec as Json;
  spec.replicas = pick([1, 2, 3]);
  const strategy = pick(['none', 'Recreate', 'RollingUpdate', 'RollingUpdate+']);
  if (strategy === 'Recreate') spec.strategy = { type: 'Recreate' };
  if (strategy === 'RollingUpdate') spec.strategy = { type: 'RollingUpdate' };
  if (strategy === 'RollingUpdate+') spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: pick([1, 2]) } };
  return manifest;
}

/** Other writers: a controller label, a foreign finalizer, an injected container. */
function touchedByOthers(obj: Json, rnd: () => number): Json {
  const copy = served(obj) as { metadata: { labels: Json; finalizers?: string[] }; spec: { template: { spec: { containers: Json[] } } } };
  if (rnd() < 0.5) copy.metadata.labels['controller/owned'] = 'yes';
  if (rnd() < 0.5 && !copy.metadata.finalizers?.includes('other/x')) copy.metadata.finalizers = [...(copy.metadata.finalizers ?? []), 'other/x'];
  const containers = copy.spec.template.spec.containers;
  if (rnd() < 0.5 && !containers.some((c) => c.name === 'injected')) containers.splice(Math.floor(rnd() * (containers.length + 1)), 0, { name: 'injected', image: 'proxy' });
  return copy as unknown as Json;
}

test('seeded walk: every apply yields the manifest, deletes what it dropped, keeps what others added', () => {
  const STEPS = 4;
  const WALKS = 150;
  for (let seed = 1; seed <= WALKS; seed++) {
    const rnd = random(seed);
    let lastApplied = randomManifest(rnd);
    let live = touchedByOthers(lastApplied, rnd);
    for (let step = 0; step < STEPS; step++) {
      const manifest = randomManifest(rnd);
      const context = `seed ${seed} step ${step}`;
      let applied: Applied;
      try {
        applied = applyManifest(lastApplied, manifest, live, DEPLOYMENT);
      } catch (err) {
        throw new Error(`${context}: ${(err as Error).message}\nlast: ${JSON.stringify(lastApplied)}\nnew: ${JSON.stringify(manifest)}\nlive: ${JSON.stringify(live)}`);
      }
      const { result } = applied;
      const liveLabels = (live.metadata as { labels: Json }).labels;
      const resultLabels = (result.metadata as { labels: Json }).labels;
      for (const key of Object.keys((lastApplied.metadata as { labels: Json }).labels)) {
        if (!(key in (manifest.metadata as { labels: Json }).labels)) assert.equal(key in resultLabels, false, `${context}: label ${key} should be gone`);
      }
      assert.equal(resultLabels['controller/owned'], liveLabels['controller/owned'], `${context}: another writer's label`);
      const resultNames = (((result.spec as Json).template as Json).spec as { containers: Json[] }).containers.map((c) => c.name);
      const liveNames = (((live.spec as Json).template as Json).spec as { containers: Json[] }).containers.map((c) => c.name);
      const lastNames = (((lastApplied.spec as Json).template as Json).spec as { containers: Json[] }).containers.map((c) => c.name);
      const wantedNames = (((manifest.spec as Json).template as Json).spec as { containers: Json[] }).containers.map((c) => c.name);
      for (const name of lastNames) if (!wantedNames.includes(name)) assert.equal(resultNames.includes(name), false, `${context}: container ${name} should be gone`);
      assert.equal(resultNames.includes('injected'), liveNames.includes('injected'), `${context}: injected container`);
      const finalizers = ((result.metadata as Json).finalizers as string[] | undefined) ?? [];
      const liveFinalizers = ((live.metadata as Json).finalizers as string[] | undefined) ?? [];
      const lastFinalizers = ((lastApplied.metadata as Json).finalizers as string[] | undefined) ?? [];
      const wantedFinalizers = ((manifest.metadata as Json).finalizers as string[] | undefined) ?? [];
      for (const f of lastFinalizers) if (!wantedFinalizers.includes(f)) assert.equal(finalizers.includes(f), false, `${context}: finalizer ${f} should be gone`);
      // Kubernetes (and we) drop the whole list when the manifest drops the field, others' entries included.
      if (wantedFinalizers.length > 0 || lastFinalizers.length === 0) {
        assert.equal(finalizers.includes('other/x'), liveFinalizers.includes('other/x'), `${context}: another writer's finalizer`);
      }
      assert.deepEqual(result.status, live.status, `${context}: status is the server's`);
      assert.equal((result.metadata as Json).uid, 'uid-1', `${context}: server metadata`);
      lastApplied = manifest;
      live = touchedByOthers(result, rnd);
    }
  }
});
