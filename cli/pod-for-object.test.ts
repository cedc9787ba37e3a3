import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../api/types/index.js';
import { CliContext } from './context.js';
import { bufferIo } from './io.js';
import { containerFor, DEFAULT_CONTAINER_ANNOTATION } from './pod-for-object.js';

function pod(containers: string[], initContainers: string[] = [], annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', annotations },
    spec: { containers: containers.map((name) => ({ name, image: 'i' })), initContainers: initContainers.map((name) => ({ name, image: 'i' })) },
  };
}

function context() {
  const io = bufferIo();
  return { io, ctx: new CliContext({ server: '127.0.0.1:1' }, io) };
}

test('a requested container is passed on for the server to check', () => {
  const { io, ctx } = context();
  assert.equal(containerFor(ctx, pod(['a', 'b']), 'zz'), 'zz');
  assert.equal(io.stderr, '');
});

test('the only container is used silently', () => {
  const { io, ctx } = context();
  assert.equal(containerFor(ctx, pod(['a']), undefined), 'a');
  assert.equal(io.stderr, '');
});

test('with several containers the first is used, and kubectl\'s notice says so', () => {
  const { io, ctx } = context();
  assert.equal(containerFor(ctx, pod(['a', 'b'], ['setup']), undefined), 'a');
  assert.equal(io.stderr, 'Defaulted container "a" out of: a, b, setup (init)\n');
});

test('the default-container annotation wins; a stale one is reported and ignored', () => {
  const { io, ctx } = context();
  assert.equal(containerFor(ctx, pod(['a', 'b'], [], { [DEFAULT_CONTAINER_ANNOTATION]: 'b' }), undefined), 'b');
  assert.equal(io.stderr, '');
  assert.equal(containerFor(ctx, pod(['a'], [], { [DEFAULT_CONTAINER_ANNOTATION]: 'gone' }), undefined), 'a');
  assert.equal(io.stderr, 'Warning: default container name "gone" not found in pod web\n');
});
