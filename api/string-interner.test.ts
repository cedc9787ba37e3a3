import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringInterner } from './string-interner.js';

/** A string equal to `text` but not the same heap string (as JSON.parse makes them). */
const fresh = (text: string): string => (JSON.parse(JSON.stringify({ v: text })) as { v: string }).v;

describe('StringInterner', () => {
  // Which heap copy a string is cannot be seen from JavaScript; what the table remembers can.
  it('remembers each short value once, and leaves long values alone', () => {
    const interner = new StringInterner(10, 8);
    assert.equal(interner.intern(fresh('Always')), 'Always');
    interner.intern(fresh('Always'));
    assert.equal(interner.size, 1);
    interner.intern(fresh('x'.repeat(9)));
    assert.equal(interner.size, 1, 'a value over the length limit is not remembered');
  });

  it('replaces the strings of a decoded object in place, at any depth, and keeps its shape', () => {
    const interner = new StringInterner();
    const a = JSON.parse('{"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"c","args":["x"]}]},"n":1,"b":true,"z":null}');
    const b = JSON.parse('{"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"c","args":["x"]}]},"n":1,"b":true,"z":null}');
    const copy = structuredClone(a);
    assert.equal(interner.internValues(a), a);
    interner.internValues(b);
    assert.deepEqual(a, copy);
    assert.deepEqual(b, copy);
    assert.equal(interner.size, 3);
  });

  it('starts over when full, so it stays bounded', () => {
    const interner = new StringInterner(3);
    for (const s of ['a', 'b', 'c', 'd']) interner.intern(s);
    assert.equal(interner.size, 1);
  });

  it('does not touch a frozen object', () => {
    const interner = new StringInterner();
    const frozen = Object.freeze({ s: 'value' });
    assert.equal(interner.internValues(frozen), frozen);
    assert.equal(interner.size, 0);
  });
});
