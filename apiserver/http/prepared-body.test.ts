import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesIfNoneMatch, prepareJson } from './prepared-body.js';

test('the ETag is the quoted upper-case SHA-512 of the bytes, stable for equal content', () => {
  const a = prepareJson({ b: 1, a: [1, 2] });
  const b = prepareJson({ b: 1, a: [1, 2] });
  assert.match(a.hash, /^[0-9A-F]{128}$/);
  assert.equal(a.etag, `"${a.hash}"`);
  assert.equal(a.hash, b.hash);
  assert.notEqual(prepareJson({ b: 2 }).hash, a.hash);
});

test('If-None-Match: lists, weak tags and *', () => {
  const etag = '"ABC"';
  assert.ok(matchesIfNoneMatch('"X", "ABC"', etag));
  assert.ok(matchesIfNoneMatch('W/"ABC"', etag));
  assert.ok(matchesIfNoneMatch('*', etag));
  assert.ok(!matchesIfNoneMatch('"ABD"', etag));
  assert.ok(!matchesIfNoneMatch(undefined, etag));
});
