import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { deepFreeze } from '../deep-freeze.js';
import type { PatchSchema } from './patch-schema.js';
import { patchSchemaFor } from '../kinds/registry.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

type Json = Record<string, unknown>;

function schema(kind: string): PatchSchema {
  const found = patchSchemaFor(kind);
  assert.ok(found);
  return found;
}

const POD = schema('Pod');
const DEPLOYMENT = schema('Deployment');
const NODE = schema('Node');

/** Applies with frozen inputs, so any mutation of them throws. */
function apply(original: Json, patch: Json, patchSchema: PatchSchema = POD): Json {
  return applyStrategicMergePatch(deepFreeze(structuredClone(original)), deepFreeze(structuredClone(patch)), patchSchema);
}

function assertBadRequest(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    assert.equal(err.reason, 'BadRequest');
    assert.match(err.message, pattern);
    return true;
  });
}

function directiveKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => directiveKeys(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(k.startsWith('$') ? [`${path}.${k}`] : []), ...directiveKeys(v, `${path}.${k}`)]);
  }
  return [];
}

function pod(spec: Json, extra: Json = {}): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec, ...extra };
}

const names = (list: unknown): unknown[] => (list as Json[]).map((e) => e.name);

test('maps merge recursively, null deletes, new members are added', () => {
  const original = pod({ containers: [{ name: 'a', image: 'x' }] }, { metadata: { name: 'p', labels: { app: 'web', tier: 'front' } } });
  const result = apply(original, { metadata: { labels: { tier: null, team: 'blue' }, annotations: { note: 'n' } }, spec: { restartPolicy: 'Never' } });
  assert.deepEqual(result, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'web', team: 'blue' }, annotations: { note: 'n' } },
    spec: { containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Never' },
  });
});

test('null for an absent member is a no-op and nulls inside added values are dropped', () => {
  const result = apply(pod({ containers: [] }), { metadata: { nothing: null }, spec: { affinity: { nodeAffinity: null, podAffinity: { x: 1 } } } });
  assert.deepEqual(result.metadata, { name: 'p', namespace: 'default' });
  assert.deepEqual((result.spec as Json).affinity, { podAffinity: { x: 1 } });
});

test('unknown fields merge as maps and replace as lists', () => {
  const original = pod({ containers: [], custom: { a: 1, b: 2, list: [1, 2, 3] } });
  const result = apply(original, { spec: { custom: { b: null, c: 3, list: [9] } } });
  assert.deepEqual((result.spec as Json).custom, { a: 1, c: 3, list: [9] });
});

test('a value of a different type replaces the old one', () => {
  const result = apply(pod({ containers: [], x: [1, 2], y: { a: 1 }, z: 'text' }), { spec: { x: { now: 'map' }, y: ['list'], z: { m: 1 } } });
  assert.deepEqual((result.spec as Json).x, { now: 'map' });
  assert.deepEqual((result.spec as Json).y, ['list']);
  assert.deepEqual((result.spec as Json).z, { m: 1 });
});

test('containers merge by name: a changed container keeps its other fields, other containers stay', () => {
  const original = pod({
    containers: [
      { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'log', image: 'busybox', args: ['tail'] },
    ],
  });
  const result = apply(original, { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } });
  assert.deepEqual((result.spec as Json).containers, [
    { name: 'web', image: 'nginx:2', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    { name: 'log', image: 'busybox', args: ['tail'] },
  ]);
});

test('a new element without $setElementOrder goes before the live elements, as kubectl patch shows', () => {
  const original = pod({ containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] });
  const result = apply(original, { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } });
  assert.deepEqual(names((result.spec as Json).containers), ['patch-demo-ctr-2', 'patch-demo-ctr']);
});

test('patched elements keep their live position among elements the patch does not name', () => {
  const original = pod({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
  const result = apply(original, { spec: { containers: [{ name: 'b', image: 'x' }] } });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'a' }, { name: 'b', image: 'x' }, { name: 'c' }]);
});

test('env merges by name, ports by containerPort, volumeMounts by mountPath', () => {
  const original = pod({
    containers: [
      {
        name: 'web',
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
        ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
  });
  const result = apply(original, {
    spec: {
      containers: [
        {
          name: 'web',
          env: [{ name: 'B', value: '3' }],
          ports: [{ containerPort: 443, hostPort: 8443 }],
          volumeMounts: [{ mountPath: '/data', readOnly: true }],
        },
      ],
    },
  });
  assert.deepEqual((result.spec as { containers: Json[] }).containers[0], {
    name: 'web',
    env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }],
    ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP', hostPort: 8443 }],
    volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
  });
});

test('merge keys compare by value and type: containerPort 80 is not "80"', () => {
  const original = pod({ containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }] });
  const result = apply(original, { spec: { containers: [{ name: 'web', ports: [{ containerPort: '80', name: 'str' }] }] } });
  const ports = (result.spec as { containers: { ports: Json[] }[] }).containers[0]!.ports;
  assert.equal(ports.length, 2);
});

test('ownerReferences merge by uid; finalizers merge as a set', () => {
  const original = pod({ containers: [] }, {
    metadata: {
      name: 'p',
      ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs', controller: true }],
      finalizers: ['a', 'b'],
    },
  });
  const result = apply(original, {
    metadata: { ownerReferences: [{ uid: 'u1', controller: false }, { uid: 'u2', kind: 'X', name: 'x' }], finalizers: ['b', 'c', 'c'] },
  });
  const metadata = result.metadata as Json;
  assert.deepEqual(metadata.ownerReferences, [
    { uid: 'u1', kind: 'ReplicaSet', name: 'rs', controller: false },
    { uid: 'u2', kind: 'X', name: 'x' },
  ]);
  assert.deepEqual(metadata.finalizers, ['a', 'b', 'c']);
});

test('status conditions merge by type', () => {
  const original = pod({ containers: [] }, {
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] },
  });
  const result = apply(original, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  assert.deepEqual(result.status, {
    phase: 'Running',
    conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }],
  });
});

test('node status: addresses merge by type, images replace; spec.taints replace', () => {
  const original = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }] },
    status: {
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }],
      images: [{ names: ['a'] }, { names: ['b'] }],
    },
  };
  const result = apply(original, {
    spec: { taints: [{ key: 'c', effect: 'NoExecute' }] },
    status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }], images: [{ names: ['c'] }] },
  }, NODE);
  assert.deepEqual((result.spec as Json).taints, [{ key: 'c', effect: 'NoExecute' }]);
  assert.deepEqual((result.status as Json).addresses, [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n1' }]);
  assert.deepEqual((result.status as Json).images, [{ names: ['c'] }]);
});

test('replace lists take the patch list whole: tolerations, envFrom, command', () => {
  const original = pod({
    tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }],
    containers: [{ name: 'web', command: ['a', 'b'], envFrom: [{ configMapRef: { name: 'x' } }, { secretRef: { name: 'y' } }] }],
  });
  const result = apply(original, {
    spec: {
      tolerations: [{ key: 'c', operator: 'Exists' }],
      containers: [{ name: 'web', command: ['c'], envFrom: [{ configMapRef: { name: 'z' } }] }],
    },
  });
  const spec = result.spec as { tolerations: Json[]; containers: Json[] };
  assert.deepEqual(spec.tolerations, [{ key: 'c', operator: 'Exists' }]);
  assert.deepEqual(spec.containers[0], { name: 'web', command: ['c'], envFrom: [{ configMapRef: { name: 'z' } }] });
});

test('a replace list drops bare $patch markers and refuses $patch: delete', () => {
  const original = pod({ containers: [], tolerations: [{ key: 'a' }] });
  const result = apply(original, { spec: { tolerations: [{ key: 'b', extra: null }, { $patch: 'replace' }] } });
  assert.deepEqual((result.spec as Json).tolerations, [{ key: 'b' }]);
  assertBadRequest(() => apply(original, { spec: { tolerations: [{ $patch: 'delete' }] } }), /at spec\.tolerations\[0\]: \$patch: delete needs a list that is merged by key/);
});

test('$patch: replace on a map replaces it', () => {
  const original = pod({ containers: [], nodeSelector: { disk: 'ssd', zone: 'a' } }, { metadata: { name: 'p', labels: { a: '1', b: '2' } } });
  const result = apply(original, { metadata: { labels: { $patch: 'replace', c: '3' } }, spec: { nodeSelector: { $patch: 'replace' } } });
  assert.deepEqual((result.metadata as Json).labels, { c: '3' });
  assert.deepEqual((result.spec as Json).nodeSelector, {});
});

test('$patch: replace on a list replaces it with the other elements', () => {
  const original = pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] });
  const result = apply(original, { spec: { containers: [{ name: 'c', image: 'z' }, { $patch: 'replace' }] } });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'c', image: 'z' }]);
  const emptied = apply(original, { spec: { containers: [{ $patch: 'replace' }] } });
  assert.deepEqual((emptied.spec as Json).containers, []);
});

test('an element carrying $patch: replace with content replaces the list and is kept', () => {
  const original = pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] });
  const result = apply(original, { spec: { containers: [{ name: 'b', image: 'new', $patch: 'replace' }] } });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'b', image: 'new' }]);
});

test('$patch: replace on a primitive list replaces it', () => {
  const original = pod({ containers: [] }, { metadata: { name: 'p', finalizers: ['a', 'b'] } });
  const result = apply(original, { metadata: { finalizers: ['c', { $patch: 'replace' }] } });
  assert.deepEqual((result.metadata as Json).finalizers, ['c']);
});

test('$patch: delete removes list elements by merge key, every duplicate included', () => {
  const original = pod({
    containers: [{ name: 'web', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: 'dup' }] }, { name: 'log' }],
  });
  const result = apply(original, {
    spec: { containers: [{ name: 'web', env: [{ name: 'A', $patch: 'delete' }] }, { name: 'log', $patch: 'delete' }] },
  });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'web', env: [{ name: 'B', value: '2' }] }]);
  const untouched = apply(original, { spec: { containers: [{ name: 'missing', $patch: 'delete' }] } });
  assert.deepEqual(untouched, original);
});

test('$patch: delete without the merge key is a BadRequest naming the element', () => {
  const original = pod({ containers: [{ name: 'web' }] });
  assertBadRequest(() => apply(original, { spec: { containers: [{ image: 'x', $patch: 'delete' }] } }), /at spec\.containers\[0\]: \$patch: delete needs the merge key "name"/);
  assertBadRequest(() => apply(original, { metadata: { finalizers: [{ $patch: 'delete' }] } }), /at metadata\.finalizers\[0\]: \$patch: delete needs a list that is merged by key/);
});

test('$patch: delete on a map removes it; at the top it empties the object', () => {
  const original = pod({ containers: [], affinity: { nodeAffinity: { x: 1 } }, securityContext: { runAsUser: 1 } });
  const result = apply(original, { spec: { affinity: { $patch: 'delete' }, securityContext: { runAsUser: 2 } } });
  assert.equal(Object.prototype.hasOwnProperty.call(result.spec, 'affinity'), false);
  assert.deepEqual((result.spec as Json).securityContext, { runAsUser: 2 });
  assert.deepEqual(apply(original, { $patch: 'delete' }), {});
});

test('$patch at the top level: replace swaps the whole object', () => {
  const result = apply(pod({ containers: [{ name: 'a' }] }), { $patch: 'replace', kind: 'Pod', spec: { containers: [{ name: 'b' }] } });
  assert.deepEqual(result, { kind: 'Pod', spec: { containers: [{ name: 'b' }] } });
});

test('$patch: merge is the default, on maps and on list elements', () => {
  const original = pod({ containers: [{ name: 'web', image: 'x', args: ['a'] }] }, { metadata: { name: 'p', labels: { a: '1' } } });
  const result = apply(original, {
    metadata: { labels: { $patch: 'merge', b: '2' } },
    spec: { containers: [{ name: 'web', image: 'y', $patch: 'merge' }, { $patch: 'merge' }] },
  });
  assert.deepEqual((result.metadata as Json).labels, { a: '1', b: '2' });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'web', image: 'y', args: ['a'] }]);
});

test('an unknown $patch value is a BadRequest naming the path', () => {
  const original = pod({ containers: [{ name: 'web' }] });
  assertBadRequest(() => apply(original, { spec: { $patch: 'remove' } }), /at spec: unknown \$patch value "remove"; expected one of replace, delete, merge/);
  assertBadRequest(() => apply(original, { spec: { containers: [{ name: 'web', $patch: 5 }] } }), /at spec\.containers\[0\]: unknown \$patch value 5/);
  assertBadRequest(() => apply(original, { $patch: null }), /invalid strategic merge patch: unknown \$patch value null/);
});

test('elements of a merged list need the merge key and must be maps', () => {
  const original = pod({ containers: [{ name: 'web' }] });
  assertBadRequest(() => apply(original, { spec: { containers: [{ name: 'web' }, { image: 'x' }] } }), /at spec\.containers\[1\]: element has no merge key "name"/);
  assertBadRequest(
    () => apply(original, { spec: { containers: [{ name: 'web', env: [{ value: 'v' }] }] } }),
    /at spec\.containers\[0\]\.env\[0\]: element has no merge key "name"/,
  );
  assertBadRequest(() => apply(original, { spec: { containers: ['web'] } }), /at spec\.containers\[0\]: expected a map in a list merged by "name", not a string/);
  assertBadRequest(() => apply(pod({ containers: [] }), { spec: { volumes: [{ emptyDir: {} }] } }), /at spec\.volumes\[0\]: element has no merge key "name"/);
});

test('a primitive merge list refuses maps', () => {
  assertBadRequest(() => apply(pod({ containers: [] }), { metadata: { finalizers: [{ a: 1 }] } }), /at metadata\.finalizers\[0\]: expected a primitive value, not a map/);
});

test('$retainKeys clears the members it does not list', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
  };
  const result = apply(deployment, { spec: { strategy: { type: 'Recreate', $retainKeys: ['type'] } } }, DEPLOYMENT);
  assert.deepEqual((result.spec as Json).strategy, { type: 'Recreate' });
  const cleared = apply(deployment, { spec: { strategy: { $retainKeys: ['type'] } } }, DEPLOYMENT);
  assert.deepEqual((cleared.spec as Json).strategy, { type: 'RollingUpdate' });
});

test('$retainKeys switches a volume from emptyDir to hostPath', () => {
  const original = pod({ containers: [], volumes: [{ name: 'data', emptyDir: {} }, { name: 'other', emptyDir: { medium: 'Memory' } }] });
  const result = apply(original, { spec: { volumes: [{ name: 'data', hostPath: { path: '/srv' }, $retainKeys: ['hostPath', 'name'] }] } });
  assert.deepEqual((result.spec as Json).volumes, [
    { name: 'data', hostPath: { path: '/srv' } },
    { name: 'other', emptyDir: { medium: 'Memory' } },
  ]);
});

test('$retainKeys must be a list of names that covers every member the patch sets', () => {
  const deployment = { metadata: { name: 'd' }, spec: { strategy: { type: 'RollingUpdate' } } };
  assertBadRequest(
    () => apply(deployment, { spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 }, $retainKeys: ['type'] } } }, DEPLOYMENT),
    /at spec\.strategy: \$retainKeys does not list "rollingUpdate", which the patch sets/,
  );
  assertBadRequest(() => apply(deployment, { spec: { strategy: { $retainKeys: 'type' } } }, DEPLOYMENT), /at spec\.strategy: \$retainKeys must be a list of field names/);
  assertBadRequest(() => apply(deployment, { spec: { strategy: { $retainKeys: [1] } } }, DEPLOYMENT), /\$retainKeys must be a list of field names/);
  // A null for a member outside the list is allowed: it deletes, which retainKeys would do anyway.
  const ok = apply(deployment, { spec: { strategy: { type: 'Recreate', rollingUpdate: null, $retainKeys: ['type'] } } }, DEPLOYMENT);
  assert.deepEqual((ok.spec as Json).strategy, { type: 'Recreate' });
});

test('$setElementOrder reorders a keyed list without changing it', () => {
  const original = pod({ containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }, { name: 'c', image: '3' }] });
  const result = apply(original, { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'c', image: '3' }, { name: 'a', image: '1' }, { name: 'b', image: '2' }]);
});

test('$setElementOrder orders merged and added elements; elements it omits keep their live place', () => {
  const original = pod({ containers: [{ name: 'a' }, { name: 'server' }, { name: 'b' }] });
  const result = apply(original, {
    spec: {
      '$setElementOrder/containers': [{ name: 'new' }, { name: 'b' }, { name: 'a' }],
      containers: [{ name: 'new', image: 'n' }, { name: 'a', image: 'x' }],
    },
  });
  assert.deepEqual(names((result.spec as Json).containers), ['new', 'server', 'b', 'a']);
  assert.deepEqual((result.spec as { containers: Json[] }).containers[3], { name: 'a', image: 'x' });
});

test('$setElementOrder on a list the object lacks is ignored; deletions in the list are allowed', () => {
  const original = pod({ containers: [{ name: 'a' }, { name: 'b' }] });
  assert.deepEqual(apply(original, { spec: { '$setElementOrder/initContainers': [{ name: 'x' }] } }), original);
  const result = apply(original, {
    spec: { '$setElementOrder/containers': [{ name: 'b' }], containers: [{ name: 'a', $patch: 'delete' }] },
  });
  assert.deepEqual((result.spec as Json).containers, [{ name: 'b' }]);
});

test('$setElementOrder for primitive lists', () => {
  const original = pod({ containers: [] }, { metadata: { name: 'p', finalizers: ['a', 'b', 'c'] } });
  const result = apply(original, { metadata: { '$setElementOrder/finalizers': ['c', 'd', 'a'], finalizers: ['d'] } });
  // As Kubernetes interleaves: "b" is only live, and sat before "c" there.
  assert.deepEqual((result.metadata as Json).finalizers, ['b', 'c', 'd', 'a']);
  const reordered = apply(original, { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'] } });
  assert.deepEqual((reordered.metadata as Json).finalizers, ['c', 'b', 'a']);
});

test('malformed $setElementOrder is a BadRequest naming the field', () => {
  const original = pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { metadata: { name: 'p', finalizers: ['x'] } });
  assertBadRequest(
    () => apply(original, { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } }),
    /at spec\.containers: the list's order does not match its \$setElementOrder\/ list/,
  );
  assertBadRequest(
    () => apply(original, { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'c' }] } }),
    /at spec\.containers: the list's order does not match/,
  );
  assertBadRequest(() => apply(original, { spec: { '$setElementOrder/containers': ['a'] } }), /at spec\.containers: \$setElementOrder\/ entries must be maps with the merge key "name"/);
  assertBadRequest(() => apply(original, { spec: { '$setElementOrder/containers': { name: 'a' } } }), /at spec\.containers: \$setElementOrder\/containers must be a list, not a map/);
  assertBadRequest(() => apply(original, { spec: { '$setElementOrder/': [] } }), /at spec: "\$setElementOrder\/" does not name a field/);
  assertBadRequest(() => apply(original, { metadata: { '$setElementOrder/finalizers': [{ a: 1 }] } }), /at metadata\.finalizers: \$setElementOrder\/ must list primitive values/);
  assertBadRequest(() => apply(original, { metadata: { '$setElementOrder/finalizers': ['x'], finalizers: ['y'] } }), /at metadata\.finalizers: the list's order does not match/);
  assertBadRequest(() => apply(original, { '$setElementOrder/metadata': [] }), /at metadata: \$setElementOrder\/metadata orders a list, but the field is a map/);
});

test('$deleteFromPrimitiveList removes values; additions in the same patch still land', () => {
  const original = pod({ containers: [] }, { metadata: { name: 'p', finalizers: ['a', 'b', 'c', 'b'] } });
  const result = apply(original, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zzz'], finalizers: ['d'] } });
  assert.deepEqual((result.metadata as Json).finalizers, ['d', 'a', 'c']);
  const onMissing = apply(pod({ containers: [] }), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
  assert.equal(Object.prototype.hasOwnProperty.call(onMissing.metadata, 'finalizers'), false);
});

test('$deleteFromPrimitiveList also works on lists with the replace strategy', () => {
  const original = pod({ containers: [{ name: 'web', args: ['--a', '--b', '--c'] }] });
  const result = apply(original, { spec: { containers: [{ name: 'web', '$deleteFromPrimitiveList/args': ['--b'] }] } });
  assert.deepEqual((result.spec as { containers: Json[] }).containers[0], { name: 'web', args: ['--a', '--c'] });
});

test('malformed $deleteFromPrimitiveList is a BadRequest naming the field', () => {
  const original = pod({ containers: [] }, { metadata: { name: 'p', finalizers: ['a'] } });
  assertBadRequest(() => apply(original, { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }), /at metadata\.finalizers: \$deleteFromPrimitiveList\/finalizers must be a list, not a string/);
  assertBadRequest(() => apply(original, { metadata: { '$deleteFromPrimitiveList/finalizers': [{ a: 1 }] } }), /at metadata\.finalizers: \$deleteFromPrimitiveList\/finalizers must list primitive values/);
  assertBadRequest(() => apply(original, { metadata: { '$deleteFromPrimitiveList/': ['a'] } }), /at metadata: "\$deleteFromPrimitiveList\/" does not name a field/);
  assertBadRequest(() => apply(original, { '$deleteFromPrimitiveList/metadata': ['a'] }), /at metadata: \$deleteFromPrimitiveList\/metadata deletes from a list, but the field is a map/);
});

test('an unknown directive is a BadRequest naming the path', () => {
  const original = pod({ containers: [{ name: 'web' }] });
  assertBadRequest(() => apply(original, { spec: { template: { $foo: 1 } } }), /at spec\.template: unknown directive "\$foo"/);
  assertBadRequest(() => apply(original, { spec: { containers: [{ name: 'web', $replace: true }] } }), /at spec\.containers\[0\]: unknown directive "\$replace"/);
  assertBadRequest(() => apply(original, { $setElementOrder: [] }), /invalid strategic merge patch: unknown directive "\$setElementOrder"/);
});

test('a patch that is not a map is a BadRequest', () => {
  assertBadRequest(() => applyStrategicMergePatch({}, [] as unknown as Json, POD), /must be a map, not a list/);
});

test('directives never end up in the result', () => {
  const original = pod({
    containers: [{ name: 'a', env: [{ name: 'X' }] }, { name: 'b' }],
    volumes: [{ name: 'v', emptyDir: {} }],
  }, { metadata: { name: 'p', finalizers: ['f1', 'f2'] } });
  const result = apply(original, {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'], '$setElementOrder/finalizers': ['f2', 'f3'], finalizers: ['f3'] },
    spec: {
      '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }],
      containers: [
        { name: 'c', env: [{ name: 'Y', valueFrom: { $patch: 'replace', fieldRef: { fieldPath: 'x' } } }], '$setElementOrder/env': [{ name: 'Y' }] },
        { name: 'a', env: [{ name: 'X', $patch: 'delete' }], '$setElementOrder/env': [] },
        { name: 'b', $patch: 'delete' },
      ],
      volumes: [{ name: 'v', hostPath: { path: '/x' }, $retainKeys: ['hostPath', 'name'] }, { name: 'w', secret: { $patch: 'merge', secretName: 's' } }],
      nodeSelector: { $patch: 'replace', a: 'b' },
    },
  });
  assert.deepEqual(directiveKeys(result), []);
  assert.deepEqual(result.spec, {
    containers: [{ name: 'c', env: [{ name: 'Y', valueFrom: { fieldRef: { fieldPath: 'x' } } }] }, { name: 'a', env: [] }],
    volumes: [{ name: 'v', hostPath: { path: '/x' } }, { name: 'w', secret: { secretName: 's' } }],
    nodeSelector: { a: 'b' },
  });
  assert.deepEqual((result.metadata as Json).finalizers, ['f2', 'f3']);
});

test('a list absent from the original is built from the patch with its directives applied', () => {
  const result = apply(pod({ containers: [] }), {
    spec: { initContainers: [{ name: 'init', image: 'x', command: null }, { name: 'gone', $patch: 'delete' }] },
  });
  assert.deepEqual((result.spec as Json).initContainers, [{ name: 'init', image: 'x' }]);
});

test('the result shares nothing with the original or the patch', () => {
  const original = pod({ containers: [{ name: 'web', env: [{ name: 'A', value: '1' }] }] });
  const patch = { spec: { containers: [{ name: 'new', args: ['x'] }] } };
  const result = applyStrategicMergePatch(original, patch, POD);
  const containers = (result.spec as { containers: { name: string; env?: Json[]; args?: string[] }[] }).containers;
  containers[1]!.env![0]!.value = 'changed';
  containers[0]!.args!.push('y');
  assert.equal(((original.spec as { containers: { env: Json[] }[] }).containers[0]!.env[0] as Json).value, '1');
  assert.deepEqual(patch.spec.containers[0]!.args, ['x']);
});

test('"__proto__" in a patch is an ordinary member', () => {
  const patch = JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":true},"app":"x"}}}') as Json;
  const result = applyStrategicMergePatch(pod({ containers: [] }), patch, POD);
  const labels = (result.metadata as Json).labels as Json;
  assert.ok(Object.prototype.hasOwnProperty.call(labels, '__proto__'));
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('a deployment template patch reaches the pod spec through spec.template.spec', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's' }] },
      },
    },
  };
  const result = apply(deployment, {
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }] }] } } },
  }, DEPLOYMENT);
  assert.deepEqual(result.spec, {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] },
          { name: 'side', image: 's' },
        ],
      },
    },
  });
});
