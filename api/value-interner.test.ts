import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_OBJECT, MAX_SHARED_SUBTREE_VALUES, ValueInterner } from './value-interner.js';

/** A string equal to `text` but not the same heap string (as JSON.parse makes them). */
const fresh = (text: string): string => (JSON.parse(JSON.stringify({ v: text })) as { v: string }).v;

describe('ValueInterner', () => {
  // Which heap copy a string is cannot be seen from JavaScript; what the table remembers can.
  it('remembers each short value once, and leaves long values alone', () => {
    const interner = new ValueInterner(10, 8);
    assert.equal(interner.intern(fresh('Always')), 'Always');
    interner.intern(fresh('Always'));
    assert.equal(interner.size, 1);
    interner.intern(fresh('x'.repeat(9)));
    assert.equal(interner.size, 1, 'a value over the length limit is not remembered');
  });

  it('replaces the strings of a decoded object in place, at any depth, and keeps its shape', () => {
    const interner = new ValueInterner();
    const a = JSON.parse('{"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"c","args":["x"]}]},"n":1,"b":true,"z":null}');
    const b = JSON.parse('{"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"c","args":["x"]}]},"n":1,"b":true,"z":null}');
    const copy = structuredClone(a);
    assert.equal(interner.internValues(a), a);
    interner.internValues(b);
    assert.deepEqual(a, copy);
    assert.deepEqual(b, copy);
    assert.equal(interner.size, 3);
  });

  it('shares one frozen empty object for every empty object inside a value', () => {
    const interner = new ValueInterner();
    const a = JSON.parse('{"fieldsV1":{"f:spec":{".":{},"f:image":{}}},"list":[],"items":[{}]}');
    interner.internValues(a);
    assert.equal(a.fieldsV1['f:spec']['.'], EMPTY_OBJECT);
    assert.equal(a.fieldsV1['f:spec']['f:image'], EMPTY_OBJECT);
    assert.equal(a.items[0], EMPTY_OBJECT);
    assert.notEqual(a.list, EMPTY_OBJECT);
    assert.deepEqual(a, { fieldsV1: { 'f:spec': { '.': {}, 'f:image': {} } }, list: [], items: [{}] });
    assert.ok(Object.isFrozen(EMPTY_OBJECT));
  });

  it('starts over when full, so it stays bounded', () => {
    const interner = new ValueInterner(3);
    for (const s of ['a', 'b', 'c', 'd']) interner.intern(s);
    assert.equal(interner.size, 1);
  });

  it('does not touch a frozen object', () => {
    const interner = new ValueInterner();
    const frozen = Object.freeze({ s: 'value' });
    assert.equal(interner.internValues(frozen), frozen);
    assert.equal(interner.size, 0);
  });

  it('hands out one copy of each small subtree that decoded objects repeat, never the top-level object', () => {
    const interner = new ValueInterner();
    const text = '{"metadata":{"name":"NAME","ownerReferences":[{"kind":"ReplicaSet","name":"rs","uid":"u1"}]},"spec":{"containers":[{"name":"app","image":"busybox"}],"tolerations":[{"key":"k","operator":"Exists"}]}}';
    const a = JSON.parse(text.replace('NAME', 'pod-a'));
    const b = JSON.parse(text.replace('NAME', 'pod-b'));
    const expected = structuredClone(b);
    interner.internValues(a);
    assert.equal(interner.internValues(b), b);
    assert.deepEqual(b, expected);
    assert.equal(b.spec, a.spec, 'the whole spec repeats');
    assert.equal(b.metadata.ownerReferences, a.metadata.ownerReferences);
    assert.notEqual(b.metadata, a.metadata, 'the names differ');
    assert.notEqual(b, a);
  });

  it('tells apart values that differ only in type or field order', () => {
    const interner = new ValueInterner();
    const values = ['{"v":{"a":"1"}}', '{"v":{"a":1}}', '{"v":{"a":true}}', '{"v":{"a":"true"}}', '{"v":{"a":null}}', '{"v":{"a":1,"b":2}}', '{"v":{"b":2,"a":1}}', '{"v":[1,[2]]}', '{"v":[[1],2]}'];
    const decoded = values.map((v) => interner.internValues(JSON.parse(v) as { v: unknown }));
    assert.equal(new Set(decoded.map((d) => d.v)).size, values.length);
    decoded.forEach((d, i) => assert.equal(JSON.stringify(d), values[i]));
    const again = interner.internValues(JSON.parse(values[5]) as { v: unknown });
    assert.equal(again.v, decoded[5]?.v);
  });

  it('shares a subtree too big to share whole only through its parts', () => {
    const interner = new ValueInterner();
    const text = JSON.stringify({ v: { items: Array.from({ length: MAX_SHARED_SUBTREE_VALUES }, (_, i) => i), small: { a: 'b' } } });
    const a = JSON.parse(text);
    const b = JSON.parse(text);
    interner.internValues(a);
    interner.internValues(b);
    assert.notEqual(b.v, a.v);
    assert.notEqual(b.v.items, a.v.items);
    assert.equal(b.v.small, a.v.small);
    assert.equal(JSON.stringify(b), text);
  });

  it('starts its subtree table over when full', () => {
    const interner = new ValueInterner(100, 64, 2);
    interner.internValues(JSON.parse('{"a":{"k":"first"},"b":{"k":"second"}}'));
    assert.equal(interner.subtreeCount, 2);
    interner.internValues(JSON.parse('{"c":{"k":"third"}}'));
    assert.equal(interner.subtreeCount, 1);
  });

  it('does not share subtrees whose hashes collide but whose members differ', () => {
    // These two one-field objects hash alike (found by search); the second
    // takes the first's table slot instead of adding one.
    const interner = new ValueInterner();
    const a = JSON.parse('{"v":{"k":"xkzqry1"}}');
    interner.internValues(a);
    const b = JSON.parse('{"v":{"k":"x1u116rd"}}');
    interner.internValues(b);
    assert.equal(interner.subtreeCount, 1, 'the pair no longer collides: find a new one');
    assert.notEqual(b.v, a.v);
    assert.deepEqual(b.v, { k: 'x1u116rd' });
  });

  it('leaves a __proto__ field as decoded and the prototype alone', () => {
    const interner = new ValueInterner();
    const a = JSON.parse('{"v":{"__proto__":{"polluted":"yes"},"k":"v"}}');
    interner.internValues(a);
    assert.equal(Object.getPrototypeOf(a.v), Object.prototype);
    assert.deepEqual(Object.keys(a.v), ['__proto__', 'k']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
