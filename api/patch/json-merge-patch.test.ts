import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { deepFreeze } from '../deep-freeze.js';
import { applyMergePatch, createMergePatch } from './json-merge-patch.js';

// RFC 7386 Appendix A, every example.
const RFC_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

test('applyMergePatch follows every example of RFC 7386 appendix A', () => {
  for (const [target, patch, expected] of RFC_EXAMPLES) {
    assert.deepEqual(applyMergePatch(deepFreeze(structuredClone(target)), deepFreeze(structuredClone(patch))), expected, JSON.stringify({ target, patch }));
  }
});

test('applyMergePatch merges nested maps and leaves unpatched members alone', () => {
  const target = deepFreeze({ metadata: { name: 'web', labels: { app: 'web', tier: 'front' } }, spec: { replicas: 1 } });
  const result = applyMergePatch(target, { metadata: { labels: { tier: null, team: 'a' } }, spec: { replicas: 3 } });
  assert.deepEqual(result, { metadata: { name: 'web', labels: { app: 'web', team: 'a' } }, spec: { replicas: 3 } });
});

test('applyMergePatch returns a copy that shares nothing with its inputs', () => {
  const target = { spec: { template: { labels: { app: 'web' } } }, list: [{ a: 1 }] };
  const patch = { extra: { deep: { x: 1 } } };
  const result = applyMergePatch(target, patch) as { spec: { template: { labels: Record<string, string> } }; list: { a: number }[]; extra: { deep: { x: number } } };
  result.spec.template.labels.app = 'changed';
  result.list[0]!.a = 2;
  result.extra.deep.x = 2;
  assert.equal(target.spec.template.labels.app, 'web');
  assert.equal(target.list[0]!.a, 1);
  assert.equal(patch.extra.deep.x, 1);
});

test('applyMergePatch drops nulls nested inside values it adds', () => {
  assert.deepEqual(applyMergePatch({}, { a: { b: null, c: 1 } }), { a: { c: 1 } });
  assert.deepEqual(applyMergePatch({ a: 'scalar' }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
});

test('applyMergePatch treats "__proto__" as an ordinary member', () => {
  const patch = JSON.parse('{"metadata":{"labels":{"__proto__":"x","app":"web"}}}') as unknown;
  const result = applyMergePatch({ metadata: {} }, patch) as { metadata: { labels: Record<string, unknown> } };
  assert.ok(Object.prototype.hasOwnProperty.call(result.metadata.labels, '__proto__'));
  assert.equal(Object.getPrototypeOf(result.metadata.labels), Object.prototype);
  assert.deepEqual(Object.keys(result.metadata.labels), ['__proto__', 'app']);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('createMergePatch returns {} for equal documents', () => {
  const doc = { a: 1, b: { c: [1, 2], d: 'x' } };
  assert.deepEqual(createMergePatch(doc, structuredClone(doc)), {});
});

test('createMergePatch emits changed and added members and nulls for removed ones', () => {
  const original = deepFreeze({ metadata: { labels: { app: 'web', tier: 'front' } }, spec: { replicas: 1, paused: true }, keep: 'same' });
  const modified = deepFreeze({ metadata: { labels: { app: 'web', team: 'a' } }, spec: { replicas: 2 }, keep: 'same' });
  assert.deepEqual(createMergePatch(original, modified), {
    metadata: { labels: { tier: null, team: 'a' } },
    spec: { replicas: 2, paused: null },
  });
});

test('createMergePatch replaces lists whole and handles type changes', () => {
  assert.deepEqual(createMergePatch({ a: [1, 2, 3] }, { a: [1, 3] }), { a: [1, 3] });
  assert.deepEqual(createMergePatch({ a: [1] }, { a: [1] }), {});
  assert.deepEqual(createMergePatch({ a: { b: 1 } }, { a: 'flat' }), { a: 'flat' });
  assert.deepEqual(createMergePatch({ a: 'flat' }, { a: { b: 1 } }), { a: { b: 1 } });
  assert.deepEqual(createMergePatch({ a: { b: 1 } }, { a: {} }), { a: { b: null } });
  assert.deepEqual(createMergePatch({}, { a: {} }), { a: {} });
});

test('createMergePatch maps an explicit null in modified to a removal', () => {
  assert.deepEqual(createMergePatch({ a: 1 }, { a: null }), { a: null });
  assert.deepEqual(createMergePatch({}, { a: null }), {});
});

test('createMergePatch treats a non-object original as empty and refuses a non-object modified', () => {
  assert.deepEqual(createMergePatch(null, { a: 1 }), { a: 1 });
  assert.throws(() => createMergePatch({}, [1]), (err: unknown) => err instanceof ApiError && err.reason === 'BadRequest');
});

test('applying createMergePatch(original, modified) to original gives modified', () => {
  const cases: [Record<string, unknown>, Record<string, unknown>][] = [
    [{ a: 1, b: { c: 2, d: [1] } }, { a: 2, b: { d: [2], e: { f: 'g' } } }],
    [{ spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ name: 'a', image: 'x' }] } }],
    [{ x: { y: { z: 1 } } }, {}],
    [{}, { x: { y: { z: 1 } } }],
    [{ s: 'a', n: 1, b: true }, { s: 'b', n: 0, b: false }],
  ];
  for (const [original, modified] of cases) {
    const patch = createMergePatch(original, modified);
    assert.deepEqual(applyMergePatch(original, patch), modified, JSON.stringify({ original, modified, patch }));
  }
});
