import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageTag, pullPolicyOf } from './image-policy.js';

test('image tags are read after the last slash', () => {
  assert.equal(imageTag('localhost:5000/app'), undefined);
  assert.equal(imageTag('localhost:5000/app:1.2'), '1.2');
  assert.equal(imageTag('nginx'), undefined);
});

test('pull policy defaults to Always for latest or untagged images', () => {
  assert.equal(pullPolicyOf({ name: 'a', image: 'flotilla/busybox:1.35' }), 'IfNotPresent');
  assert.equal(pullPolicyOf({ name: 'a', image: 'flotilla/busybox' }), 'Always');
  assert.equal(pullPolicyOf({ name: 'a', image: 'flotilla/busybox:latest' }), 'Always');
  assert.equal(pullPolicyOf({ name: 'a', image: 'x:latest', imagePullPolicy: 'Never' }), 'Never');
});
