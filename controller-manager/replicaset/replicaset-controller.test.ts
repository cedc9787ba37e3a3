import { test } from 'node:test';
import type { ReplicaSet } from '../../api/types/index.js';
import { assertAvailabilityFollowsClock, type ReadyPodSync } from '../common/controller-fixtures.js';
import { ReplicaSetController } from './replicaset-controller.js';

const LABELS = { app: 'web' };
const MIN_READY_SECONDS = 10;

const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' },
  spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
};

const SYNC: ReadyPodSync<ReplicaSet> = { owner: replicaSet, resource: 'replicasets', podName: 'web-a', podLabels: LABELS, build: (ctx) => new ReplicaSetController(ctx) };

test('a ready pod counts as available only once the clock has passed minReadySeconds', () => assertAvailabilityFollowsClock(SYNC, MIN_READY_SECONDS));
