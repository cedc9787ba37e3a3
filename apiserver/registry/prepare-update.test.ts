import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { prepareCreate } from './create.js';
import { prepareUpdate, sameObject, shouldDeleteOnUpdate } from './prepare-update.js';

const DEPLOYMENTS = findResource('deployments') as ResourceInfo;
const PODS = findResource('pods') as ResourceInfo;
const NAMESPACES = findResource('namespaces') as ResourceInfo;
const NOW = Date.parse('2026-01-02T03:04:05Z');

function storedDeployment(): KubeObject {
  const created = prepareCreate(
    DEPLOYMENTS,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      },
      status: { replicas: 7 },
    },
    'default',
    NOW,
  );
  return { ...created, metadata: { ...created.metadata, resourceVersion: '10' } };
}

describe('prepareCreate', () => {
  it('sets server metadata, resets workload status and applies defaults', () => {
    const obj = storedDeployment();
    assert.equal(obj.metadata.generation, 1);
    assert.equal(obj.metadata.creationTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(obj.metadata.namespace, 'default');
    assert.deepEqual(obj.status, {});
    assert.equal((obj.spec as { revisionHistoryLimit: number }).revisionHistoryLimit, 10);
  });

  it('starts every namespace Active, whatever status it was sent with', () => {
    const ns = prepareCreate(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, status: { phase: 'Terminating' } }, '', NOW);
    assert.deepEqual(ns.status, { phase: 'Active' });
  });

  it('refuses an object with neither name nor generateName', () => {
    assert.throws(
      () => prepareCreate(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [{ name: 'c', image: 'i' }] } }, 'default', NOW),
      (err) => isApiError(err, 'Invalid') && /metadata\.name/.test(err.message),
    );
  });
});

describe('prepareUpdate', () => {
  it('keeps server-owned metadata and the stored status on a main update', () => {
    const stored = storedDeployment();
    const next = prepareUpdate(
      DEPLOYMENTS,
      stored,
      { ...stored, metadata: { ...stored.metadata, creationTimestamp: 'x', generation: 99, labels: { a: 'b' } }, status: { replicas: 3 } },
      'main',
    );
    assert.equal(next.metadata.creationTimestamp, stored.metadata.creationTimestamp);
    assert.equal(next.metadata.generation, 1, 'labels are not spec');
    assert.deepEqual(next.metadata.labels, { a: 'b' });
    assert.deepEqual(next.status, {});
    assert.equal(next.metadata.resourceVersion, undefined);
  });

  it('bumps generation when the spec changes', () => {
    const stored = storedDeployment();
    const next = prepareUpdate(DEPLOYMENTS, stored, { ...stored, spec: { ...(stored.spec as object), replicas: 4 } }, 'main');
    assert.equal(next.metadata.generation, 2);
  });

  it('takes only status on a status update', () => {
    const stored = storedDeployment();
    const next = prepareUpdate(
      DEPLOYMENTS,
      stored,
      { ...stored, metadata: { ...stored.metadata, labels: { no: 'no' } }, spec: { replicas: 50 }, status: { replicas: 2 } },
      'status',
    );
    assert.deepEqual(next.status, { replicas: 2 });
    assert.equal(next.metadata.labels, undefined);
    assert.equal((next.spec as { replicas: number }).replicas, 1);
    assert.equal(next.metadata.generation, 1);
  });

  it('refuses new finalizers on an object being deleted', () => {
    const stored = { ...storedDeployment() };
    stored.metadata = { ...stored.metadata, deletionTimestamp: '2026-01-02T03:04:05Z', finalizers: ['a'] };
    assert.throws(
      () => prepareUpdate(DEPLOYMENTS, stored, { ...stored, metadata: { ...stored.metadata, finalizers: ['a', 'b'] } }, 'main'),
      (err) => isApiError(err) && /metadata\.finalizers: Forbidden: no new finalizers/.test(err.message),
    );
  });

  it('does not modify its inputs', () => {
    const stored = storedDeployment();
    const incoming = { ...stored, spec: { ...(stored.spec as object), replicas: 4 } };
    const storedCopy = structuredClone(stored);
    const incomingCopy = structuredClone(incoming);
    prepareUpdate(DEPLOYMENTS, stored, incoming, 'main');
    assert.deepEqual(stored, storedCopy);
    assert.deepEqual(incoming, incomingCopy);
  });
});

describe('sameObject and shouldDeleteOnUpdate', () => {
  it('ignores resourceVersion when comparing', () => {
    const a = storedDeployment();
    assert.equal(sameObject(a, { ...a, metadata: { ...a.metadata, resourceVersion: '11' } }), true);
    assert.equal(sameObject(a, { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } }), false);
  });

  it('deletes only what is deleted, out of grace and without finalizers', () => {
    const base = storedDeployment();
    const at = '2026-01-02T03:04:05Z';
    assert.equal(shouldDeleteOnUpdate(DEPLOYMENTS, { ...base, metadata: { deletionTimestamp: at, deletionGracePeriodSeconds: 0 } }), true);
    assert.equal(shouldDeleteOnUpdate(DEPLOYMENTS, { ...base, metadata: { deletionTimestamp: at, deletionGracePeriodSeconds: 30 } }), false);
    assert.equal(shouldDeleteOnUpdate(DEPLOYMENTS, { ...base, metadata: { deletionTimestamp: at, finalizers: ['x'] } }), false);
    assert.equal(shouldDeleteOnUpdate(DEPLOYMENTS, { ...base, metadata: {} }), false);
  });

  it('never removes a Terminating namespace on update: the namespace loop does once it is empty', () => {
    const terminating = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', deletionTimestamp: '2026-01-02T03:04:05Z', deletionGracePeriodSeconds: 0, labels: { x: 'y' } },
      status: { phase: 'Terminating' },
    };
    assert.equal(shouldDeleteOnUpdate(NAMESPACES, terminating), false);
  });
});
