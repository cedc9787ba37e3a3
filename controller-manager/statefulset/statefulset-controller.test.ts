import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, StatefulSet } from '../../api/types/index.js';
import { assertAvailabilityFollowsClock, type ReadyPodSync } from '../common/controller-fixtures.js';
import { ordinalOf, StatefulSetController } from './statefulset-controller.js';
import { newRevision, revisionName, templateOf } from '../common/controller-revisions.js';

const pod = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [] } });

test('ordinals only for <sts>-<n> names', () => {
  assert.equal(ordinalOf('web', pod('web-0')), 0);
  assert.equal(ordinalOf('web', pod('web-12')), 12);
  assert.equal(ordinalOf('web', pod('web-01')), undefined);
  assert.equal(ordinalOf('web', pod('web-x')), undefined);
  assert.equal(ordinalOf('web', pod('webby-1')), undefined);
});

test('a revision stores the template and names itself after its hash', () => {
  const sts: StatefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'ns', uid: 'u' }, spec: { selector: {}, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } } };
  const cr = newRevision(sts, 4);
  assert.equal(cr.metadata.name, revisionName(sts));
  assert.match(cr.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(cr.revision, 4);
  assert.deepEqual(templateOf(cr), sts.spec.template);
  assert.equal(cr.metadata.ownerReferences?.[0]?.uid, 'u');
});

const LABELS = { app: 'db' };
const MIN_READY_SECONDS = 30;
const statefulSet: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'ns', uid: 'sts-uid' },
  spec: {
    replicas: 1,
    serviceName: 'db',
    minReadySeconds: MIN_READY_SECONDS,
    updateStrategy: { type: 'OnDelete' },
    selector: { matchLabels: LABELS },
    template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
};

const SYNC: ReadyPodSync<StatefulSet> = { owner: statefulSet, resource: 'statefulsets', podName: 'db-0', podLabels: LABELS, build: (ctx) => new StatefulSetController(ctx) };

test('a ready replica counts as available only once the clock has passed minReadySeconds', () => assertAvailabilityFollowsClock(SYNC, MIN_READY_SECONDS));
