import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { podNeedsSync } from './pod-changes.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '10', labels: { app: 'web' }, annotations: { a: '1' } },
  spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'nginx:1.22' }] },
  status: { phase: 'Pending' },
};

test('a status write, and a new resourceVersion with it, give the worker nothing to do', () => {
  const echoed: Pod = { ...pod, metadata: { ...pod.metadata, resourceVersion: '11' }, status: { phase: 'Running', podIP: '10.0.0.5' } };
  assert.equal(podNeedsSync(pod, echoed), false);
});

test('the spec, labels, annotations and deletion each need a sync', () => {
  const changes: Pod[] = [
    { ...pod, spec: { ...pod.spec, containers: [{ name: 'app', image: 'nginx:1.23' }] } },
    { ...pod, metadata: { ...pod.metadata, labels: { app: 'web', tier: 'front' } } },
    { ...pod, metadata: { ...pod.metadata, annotations: { a: '2' } } },
    { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-12-06T00:00:00Z', deletionGracePeriodSeconds: 30 } },
    { ...pod, metadata: { ...pod.metadata, uid: 'u2' } },
  ];
  for (const changed of changes) assert.equal(podNeedsSync(pod, changed), true, JSON.stringify(changed.metadata));
});
