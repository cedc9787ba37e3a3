import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeContainer, makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { newPodInfo } from '../framework/pod-info.js';
import { nodeResourcesFit } from './node-resources-fit.js';

test('fits when requests are within allocatable minus what bound pods request', () => {
  const node = nodeInfo(makeNode('n', { cpu: '2', memory: '4Gi' }), [makePod('a', { cpu: '1', memory: '1Gi', nodeName: 'n' })]);
  assert.equal(nodeResourcesFit.filter(podInfo('p', { cpu: '1', memory: '3Gi' }), node), null);
  assert.deepEqual(nodeResourcesFit.filter(podInfo('p', { cpu: '1500m' }), node), { reasons: ['Insufficient cpu'] });
  assert.deepEqual(nodeResourcesFit.filter(podInfo('p', { memory: '3073Mi' }), node), { reasons: ['Insufficient memory'] });
  assert.deepEqual(nodeResourcesFit.filter(podInfo('p', { cpu: '2', memory: '4Gi' }), node), {
    reasons: ['Insufficient cpu', 'Insufficient memory'],
  });
});

test('the pod count is checked even for pods that request nothing', () => {
  const node = nodeInfo(makeNode('n', { pods: '1' }), [makePod('a', { nodeName: 'n' })]);
  assert.deepEqual(nodeResourcesFit.filter(podInfo('p'), node), { reasons: ['Too many pods'] });
});

test('extended resources are checked by name', () => {
  const node = nodeInfo(makeNode('n', { extra: { 'example.com/gpu': '1' } }));
  const wantsTwo = makePod('p');
  wantsTwo.spec.containers = [makeContainer('c', { 'example.com/gpu': '2' })];
  assert.deepEqual(nodeResourcesFit.filter(newPodInfo(wantsTwo), node), { reasons: ['Insufficient example.com/gpu'] });
});

test('init containers count as their peak, not added to the app containers', () => {
  const node = nodeInfo(makeNode('n', { cpu: '2' }));
  const pod = makePod('p');
  pod.spec.containers = [makeContainer('app', { cpu: '1' })];
  pod.spec.initContainers = [makeContainer('init', { cpu: '1500m' })];
  const info = newPodInfo(pod);
  assert.equal(info.requests.milliCpu, 1500);
  assert.equal(nodeResourcesFit.filter(info, node), null);
  pod.spec.initContainers = [makeContainer('init', { cpu: '3' })];
  assert.deepEqual(nodeResourcesFit.filter(newPodInfo(pod), node), { reasons: ['Insufficient cpu'] });
});

test('sidecars (restartPolicy Always init containers) add to the app containers', () => {
  const pod = makePod('p');
  pod.spec.containers = [makeContainer('app', { cpu: '1' })];
  pod.spec.initContainers = [{ ...makeContainer('proxy', { cpu: '500m' }), restartPolicy: 'Always' }, makeContainer('migrate', { cpu: '1' })];
  // max(app 1 + sidecar 0.5, migrate 1 + sidecar 0.5) = 1.5
  assert.equal(newPodInfo(pod).requests.milliCpu, 1500);
});
