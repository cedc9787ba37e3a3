import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_OBJECT, ValueInterner } from './value-interner.js';

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

  it('shares one frozen empty object for every empty object inside a value, and no array', () => {
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
});
