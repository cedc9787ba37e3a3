import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../api/errors.js';
import type { Pod } from '../../api/types/index.js';
import { chooseContainer, DEFAULT_CONTAINER_ANNOTATION } from './container-choice.js';

function pod(containers: string[], initContainers: string[] = [], annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', annotations },
    spec: {
      containers: containers.map((name) => ({ name, image: 'i' })),
      initContainers: initContainers.map((name) => ({ name, image: 'i' })),
    },
  };
}

function badRequestWith(message: string) {
  return (err: unknown) => err instanceof ApiError && err.reason === 'BadRequest' && err.message === message;
}

test('the only container is the default', () => {
  assert.equal(chooseContainer(pod(['app']), undefined), 'app');
});

test('a named container, app or init, is used when the pod has it', () => {
  assert.equal(chooseContainer(pod(['app', 'side'], ['setup']), 'side'), 'side');
  assert.equal(chooseContainer(pod(['app', 'side'], ['setup']), 'setup'), 'setup');
});

test('an unknown container is refused with the Kubernetes message', () => {
  assert.throws(() => chooseContainer(pod(['app']), 'nope'), badRequestWith('container nope is not valid for pod web'));
});

test('several containers and no name: the request must choose', () => {
  assert.throws(() => chooseContainer(pod(['a', 'b']), undefined), badRequestWith('a container name must be specified for pod web, choose one of: [a b]'));
  assert.throws(
    () => chooseContainer(pod(['a', 'b'], ['i']), ''),
    badRequestWith('a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]'),
  );
});

test('the default-container annotation picks among several, when it names one of them', () => {
  assert.equal(chooseContainer(pod(['a', 'b'], [], { [DEFAULT_CONTAINER_ANNOTATION]: 'b' }), undefined), 'b');
  assert.throws(() => chooseContainer(pod(['a', 'b'], [], { [DEFAULT_CONTAINER_ANNOTATION]: 'zz' }), undefined), /must be specified/);
});
