import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { finalizersForPolicy, parseDeleteOptions, planDelete, podGraceSeconds } from './delete-plan.js';

const PODS = findResource('pods') as ResourceInfo;
const DEPLOYMENTS = findResource('deployments') as ResourceInfo;
const NAMESPACES = findResource('namespaces') as ResourceInfo;
const NOW = Date.parse('2026-01-02T03:04:05Z');

function boundPod(extra: Partial<KubeObject['metadata']> = {}, spec: Record<string, unknown> = {}, phase = 'Running'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', resourceVersion: '7', ...extra },
    spec: { nodeName: 'n1', containers: [], ...spec },
    status: { phase },
  };
}

describe('planDelete', () => {
  it('removes an object without finalizers at once', () => {
    assert.deepEqual(planDelete(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }, {}, NOW), { action: 'remove' });
  });

  it('marks an object with finalizers and keeps it', () => {
    const plan = planDelete(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', finalizers: ['x'] } }, {}, NOW);
    assert.equal(plan.action, 'mark');
    if (plan.action !== 'mark') return;
    assert.equal(plan.object.metadata.deletionTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(plan.object.metadata.deletionGracePeriodSeconds, 0);
  });

  it('gives a bound pod its grace period: request, then spec, then 30 s', () => {
    const fromSpec = planDelete(PODS, boundPod({}, { terminationGracePeriodSeconds: 45 }), {}, NOW);
    assert.equal(fromSpec.action, 'mark');
    if (fromSpec.action !== 'mark') return;
    assert.equal(fromSpec.object.metadata.deletionGracePeriodSeconds, 45);
    assert.equal(fromSpec.object.metadata.deletionTimestamp, '2026-01-02T03:04:50Z');
    assert.equal(fromSpec.object.metadata.resourceVersion, undefined);
    assert.equal(podGraceSeconds(boundPod(), {}), 30);
    assert.equal(podGraceSeconds(boundPod({}, { terminationGracePeriodSeconds: 45 }), { gracePeriodSeconds: 5 }), 5);
  });

  it('removes unbound and finished pods at once', () => {
    assert.deepEqual(planDelete(PODS, boundPod({}, { nodeName: undefined }), {}, NOW), { action: 'remove' });
    assert.deepEqual(planDelete(PODS, boundPod({}, {}, 'Succeeded'), {}, NOW), { action: 'remove' });
    assert.deepEqual(planDelete(PODS, boundPod({}, {}, 'Failed'), {}, NOW), { action: 'remove' });
    assert.deepEqual(planDelete(PODS, boundPod(), { gracePeriodSeconds: 0 }, NOW), { action: 'remove' });
  });

  it('shortens but never lengthens a pending graceful deletion', () => {
    const deleting = boundPod({ deletionTimestamp: '2026-01-02T03:04:35Z', deletionGracePeriodSeconds: 30 });
    assert.deepEqual(planDelete(PODS, deleting, { gracePeriodSeconds: 60 }, NOW), { action: 'none' });
    assert.deepEqual(planDelete(PODS, deleting, {}, NOW), { action: 'none' });
    const shorter = planDelete(PODS, deleting, { gracePeriodSeconds: 5 }, NOW);
    assert.equal(shorter.action, 'mark');
    if (shorter.action !== 'mark') return;
    assert.equal(shorter.object.metadata.deletionGracePeriodSeconds, 5);
    assert.equal(shorter.object.metadata.deletionTimestamp, '2026-01-02T03:04:10Z');
    assert.deepEqual(planDelete(PODS, deleting, { gracePeriodSeconds: 0 }, NOW), { action: 'remove' });
  });

  it('keeps a pod with finalizers after its grace period is cut to zero', () => {
    const deleting = boundPod({ deletionTimestamp: '2026-01-02T03:04:35Z', deletionGracePeriodSeconds: 30, finalizers: ['hold'] });
    const plan = planDelete(PODS, deleting, { gracePeriodSeconds: 0 }, NOW);
    assert.equal(plan.action, 'mark');
    if (plan.action !== 'mark') return;
    assert.equal(plan.object.metadata.deletionGracePeriodSeconds, 0);
  });

  it('turns a namespace Terminating instead of removing it', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, status: { phase: 'Active' } };
    const plan = planDelete(NAMESPACES, ns, {}, NOW);
    assert.equal(plan.action, 'mark');
    if (plan.action !== 'mark') return;
    assert.deepEqual(plan.object.status, { phase: 'Terminating' });
    assert.ok(plan.object.metadata.deletionTimestamp);
    assert.deepEqual(planDelete(NAMESPACES, plan.object, {}, NOW), { action: 'none' });
    assert.deepEqual(ns.status, { phase: 'Active' }, 'the input is not modified');
  });
});

describe('finalizersForPolicy', () => {
  it('adds the garbage collector finalizers as Kubernetes does', () => {
    assert.deepEqual(finalizersForPolicy(['a'], 'Orphan'), ['a', 'orphan']);
    assert.deepEqual(finalizersForPolicy(['orphan'], 'Foreground'), ['foregroundDeletion']);
    assert.deepEqual(finalizersForPolicy(['orphan', 'a', 'foregroundDeletion'], 'Background'), ['a']);
    assert.deepEqual(finalizersForPolicy(['orphan'], undefined), ['orphan']);
  });
});

describe('parseDeleteOptions', () => {
  it('accepts empty options and refuses bad ones', () => {
    assert.deepEqual(parseDeleteOptions(''), {});
    assert.deepEqual(parseDeleteOptions('{"gracePeriodSeconds":3}'), { gracePeriodSeconds: 3 });
    assert.throws(() => parseDeleteOptions('{"propagationPolicy":"Sideways"}'), /propagationPolicy/);
    assert.throws(() => parseDeleteOptions('{"gracePeriodSeconds":-1}'), /gracePeriodSeconds/);
    assert.throws(() => parseDeleteOptions('{'), /not valid JSON/);
  });
});
