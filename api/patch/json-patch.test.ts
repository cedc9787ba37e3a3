import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, type StatusReason } from '../errors.js';
import { deepFreeze } from '../deep-freeze.js';
import { applyJsonPatch } from './json-patch.js';

function assertApiError(fn: () => unknown, reason: StatusReason, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    assert.equal(err.reason, reason);
    assert.match(err.message, pattern);
    return true;
  });
}

// RFC 6902 appendix A.
test('A.1 adds an object member', () => {
  assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { foo: 'bar', baz: 'qux' });
});

test('A.2 adds an array element', () => {
  assert.deepEqual(applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]), { foo: ['bar', 'qux', 'baz'] });
});

test('A.3 removes an object member', () => {
  assert.deepEqual(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
});

test('A.4 removes an array element', () => {
  assert.deepEqual(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
});

test('A.5 replaces a value', () => {
  assert.deepEqual(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]), { baz: 'boo', foo: 'bar' });
});

test('A.6 moves a value', () => {
  const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]), {
    foo: { bar: 'baz' },
    qux: { corge: 'grault', thud: 'fred' },
  });
});

test('A.7 moves an array element', () => {
  const doc = { foo: ['all', 'grass', 'cows', 'eat'] };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]), { foo: ['all', 'cows', 'eat', 'grass'] });
});

test('A.8 test succeeds', () => {
  const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
  const ops = [
    { op: 'test', path: '/baz', value: 'qux' },
    { op: 'test', path: '/foo/1', value: 2 },
  ];
  assert.deepEqual(applyJsonPatch(doc, ops), doc);
});

test('A.9 a failed test is Invalid and names the operation and path', () => {
  assertApiError(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]), 'Invalid', /operation 0 \(test "\/baz"\): test failed: the value is "qux", expected "bar"/);
});

test('A.10 adds a nested member object', () => {
  assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]), { foo: 'bar', child: { grandchild: {} } });
});

test('A.11 ignores unrecognized members of an operation', () => {
  assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }]), { foo: 'bar', baz: 'qux' });
});

test('A.12 adding to a nonexistent target is a BadRequest naming the missing path', () => {
  assertApiError(() => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]), 'BadRequest', /operation 0 \(add "\/baz\/bat"\): no value at "\/baz"/);
});

test('A.14 handles ~0 and ~1 escapes', () => {
  const doc = { '/': 9, '~1': 10 };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/~01', value: 10 }]), doc);
  assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/a~1b~0c', value: 1 }]), { 'a/b~c': 1 });
  assert.deepEqual(
    applyJsonPatch({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x' } } }, [
      { op: 'remove', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration' },
    ]),
    { metadata: { annotations: {} } },
  );
});

test('A.15 compares strings and numbers strictly', () => {
  assertApiError(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]), 'Invalid', /test failed/);
});

test('A.16 adds an array value', () => {
  assert.deepEqual(applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]), { foo: ['bar', ['abc', 'def']] });
});

test('add replaces an existing member, the root, and inserts at the end index', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '/a', value: 2 }]), { a: 2 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '', value: [1] }]), [1]);
  assert.deepEqual(applyJsonPatch({ l: [1, 2] }, [{ op: 'add', path: '/l/2', value: 3 }]), { l: [1, 2, 3] });
  assert.deepEqual(applyJsonPatch({ l: [1, 2] }, [{ op: 'add', path: '/l/0', value: 0 }]), { l: [0, 1, 2] });
});

test('replace and copy work on lists and maps', () => {
  assert.deepEqual(applyJsonPatch({ l: [1, 2] }, [{ op: 'replace', path: '/l/1', value: 5 }]), { l: [1, 5] });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  const copied = applyJsonPatch({ a: { x: [1] } }, [{ op: 'copy', from: '/a', path: '/b' }]) as { a: { x: number[] }; b: { x: number[] } };
  assert.deepEqual(copied, { a: { x: [1] }, b: { x: [1] } });
  copied.b.x.push(2);
  assert.deepEqual(copied.a.x, [1], 'copy must not alias the source');
  assert.deepEqual(applyJsonPatch({ l: ['a', 'b'] }, [{ op: 'copy', from: '/l/0', path: '/l/-' }]), { l: ['a', 'b', 'a'] });
});

test('move to its own location is a no-op, into its own child is refused', () => {
  assert.deepEqual(applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a' }]), { a: { b: 1 } });
  assertApiError(() => applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]), 'BadRequest', /cannot move "\/a" into one of its own children/);
  assert.deepEqual(applyJsonPatch({ a: { b: 1 }, ab: 2 }, [{ op: 'move', from: '/a', path: '/ab' }]), { ab: { b: 1 } });
});

test('test compares maps and lists deeply', () => {
  const doc = { spec: { containers: [{ name: 'web', ports: [80] }] } };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/spec/containers', value: [{ ports: [80], name: 'web' }] }]), doc);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/containers/0/ports', value: [80, 81] }]), 'Invalid', /test failed/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/missing', value: null }]), 'Invalid', /the value is absent, expected null/);
  assert.deepEqual(applyJsonPatch({ a: null }, [{ op: 'test', path: '/a', value: null }]), { a: null });
});

test('operations that reach a missing path are BadRequest naming op index and path', () => {
  const doc = { metadata: { labels: { app: 'web' } }, l: [1] };
  assertApiError(() => applyJsonPatch(doc, [{ op: 'test', path: '/l/0', value: 1 }, { op: 'remove', path: '/metadata/labels/tier' }]), 'BadRequest', /operation 1 \(remove "\/metadata\/labels\/tier"\): no value at "\/metadata\/labels\/tier"/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/replicas', value: 1 }]), 'BadRequest', /operation 0 \(replace "\/spec\/replicas"\): no value at "\/spec"/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'move', from: '/nope', path: '/x' }]), 'BadRequest', /operation 0 \(move "\/x"\): no value at "\/nope"/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'copy', from: '/l/3', path: '/x' }]), 'BadRequest', /no value at "\/l\/3"/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'remove', path: '/l/1' }]), 'BadRequest', /no value at "\/l\/1"/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'remove', path: '/l/-' }]), 'BadRequest', /no value at "\/l\/-"/);
});

test('list indices must be in range and free of leading zeros', () => {
  const doc = { l: [1, 2] };
  assertApiError(() => applyJsonPatch(doc, [{ op: 'add', path: '/l/3', value: 0 }]), 'BadRequest', /"3" is not an index into a list of 2/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'add', path: '/l/01', value: 0 }]), 'BadRequest', /"01" is not an index/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'add', path: '/l/x', value: 0 }]), 'BadRequest', /"x" is not an index/);
  assertApiError(() => applyJsonPatch(doc, [{ op: 'replace', path: '/l/-1', value: 0 }]), 'BadRequest', /no value at "\/l\/-1"/);
  assertApiError(() => applyJsonPatch({ a: 'text' }, [{ op: 'add', path: '/a/b', value: 0 }]), 'BadRequest', /cannot add a member to a string/);
});

test('malformed operations are BadRequest', () => {
  assertApiError(() => applyJsonPatch({}, { op: 'add' }), 'BadRequest', /must be a list of operations, not a map/);
  assertApiError(() => applyJsonPatch({}, ['add']), 'BadRequest', /operation 0: must be a map, not a string/);
  assertApiError(() => applyJsonPatch({}, [{ path: '/a' }]), 'BadRequest', /operation 0: "op" is missing/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'increment', path: '/a' }]), 'BadRequest', /"op" is "increment"; expected one of add, remove, replace, move, copy, test/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'add', value: 1 }]), 'BadRequest', /operation 0 \(add\): "path" must be a string/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'add', path: '/a' }]), 'BadRequest', /operation 0 \(add "\/a"\): "value" is required/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'replace', path: '/a' }]), 'BadRequest', /"value" is required/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'test', path: '/a' }]), 'BadRequest', /"value" is required/);
  assertApiError(() => applyJsonPatch({ a: 1 }, [{ op: 'move', path: '/b' }]), 'BadRequest', /"from" must be a string/);
  assertApiError(() => applyJsonPatch({ a: 1 }, [{ op: 'copy', path: '/b', from: 1 }]), 'BadRequest', /"from" must be a string/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'add', path: 'a', value: 1 }]), 'BadRequest', /invalid path "a": a JSON pointer must be empty or start with "\/"/);
  assertApiError(() => applyJsonPatch({}, [{ op: 'add', path: '/a~2', value: 1 }]), 'BadRequest', /"~" must be followed by "0" or "1"/);
  assertApiError(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '' }]), 'BadRequest', /cannot remove the whole document/);
});

test('a value of null is a value', () => {
  assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/a', value: null }]), { a: null });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: null }]), { a: null });
});

test('operations apply in order, and a failure leaves the document unchanged', () => {
  const doc = deepFreeze({ spec: { replicas: 1 }, metadata: { labels: { app: 'web' } } });
  const ops = deepFreeze([
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'add', path: '/metadata/labels/tier', value: 'front' },
    { op: 'test', path: '/spec/replicas', value: 3 },
    { op: 'remove', path: '/metadata/labels/app' },
  ]);
  assert.deepEqual(applyJsonPatch(doc, ops), { spec: { replicas: 3 }, metadata: { labels: { tier: 'front' } } });
  assertApiError(() => applyJsonPatch(doc, [...ops, { op: 'remove', path: '/nope' }]), 'BadRequest', /operation 4/);
  assert.deepEqual(doc, { spec: { replicas: 1 }, metadata: { labels: { app: 'web' } } });
});

test('the result shares nothing with the document or the operations', () => {
  const value = { x: [1] };
  const doc = { a: { b: 1 } };
  const result = applyJsonPatch(doc, [{ op: 'add', path: '/v', value }]) as { a: { b: number }; v: { x: number[] } };
  result.v.x.push(2);
  result.a.b = 2;
  assert.deepEqual(value, { x: [1] });
  assert.deepEqual(doc, { a: { b: 1 } });
});

test('"__proto__" is an ordinary member name', () => {
  const result = applyJsonPatch({ labels: {} }, [{ op: 'add', path: '/labels/__proto__', value: { polluted: true } }]) as { labels: Record<string, unknown> };
  assert.ok(Object.prototype.hasOwnProperty.call(result.labels, '__proto__'));
  assert.equal((result.labels as { polluted?: boolean }).polluted, undefined);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});
