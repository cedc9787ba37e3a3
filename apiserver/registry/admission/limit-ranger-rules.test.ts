import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, LimitRange, LimitRangeItem } from '../../../api/types/index.js';
import { aggregateMessage, LIMIT_RANGER_ANNOTATION, limitRangePod } from './limit-ranger-rules.js';

function range(...limits: LimitRangeItem[]): LimitRange {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'ns' }, spec: { limits } };
}

function pod(resources?: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'app', image: 'busybox', ...(resources ? { resources } : {}) }] } };
}

function resourcesOf(p: KubeObject): unknown {
  return (p.spec as { containers: { resources?: unknown }[] }).containers[0].resources;
}

describe('LimitRanger rules', () => {
  it('fills the default limit and request of a container that sets none, and says so in the annotation', () => {
    const p = pod();
    const errs = limitRangePod(p, [range({ type: 'Container', default: { cpu: '500m', memory: '128Mi' }, defaultRequest: { cpu: '100m' } })]);
    assert.deepEqual(errs, []);
    assert.deepEqual(resourcesOf(p), { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } });
    assert.match(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION] ?? '', /^LimitRanger plugin set: cpu limit for container app; memory limit/);
  });

  it('keeps what the container sets, and a limit alone also becomes the request', () => {
    const p = pod({ limits: { cpu: '200m' } });
    limitRangePod(p, [range({ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } })]);
    assert.deepEqual(resourcesOf(p), { requests: { cpu: '200m' }, limits: { cpu: '200m' } });
  });

  it('refuses a limit above max and a request below min with upstream messages', () => {
    const items = range({ type: 'Container', max: { cpu: '500m' }, min: { memory: '64Mi' } });
    assert.deepEqual(limitRangePod(pod({ limits: { cpu: '1', memory: '128Mi' } }), [items]), ['maximum cpu usage per Container is 500m, but limit is 1']);
    assert.deepEqual(limitRangePod(pod({ requests: { memory: '32Mi' }, limits: { cpu: '100m' } }), [items]), [
      'minimum memory usage per Container is 64Mi, but request is 32Mi',
    ]);
    assert.deepEqual(limitRangePod(pod(), [items]), [
      'minimum memory usage per Container is 64Mi.  No request is specified',
      'maximum cpu usage per Container is 500m.  No limit is specified',
    ]);
  });

  it('checks the limit to request ratio exactly', () => {
    const items = range({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } });
    assert.deepEqual(limitRangePod(pod({ requests: { cpu: '100m' }, limits: { cpu: '200m' } }), [items]), []);
    assert.deepEqual(limitRangePod(pod({ requests: { cpu: '100m' }, limits: { cpu: '201m' } }), [items]), [
      'cpu max limit to request ratio per Container is 2, but provided ratio is 2.010000',
    ]);
  });

  it('checks Pod items against the sum of the containers', () => {
    const p: KubeObject = pod({ limits: { cpu: '300m' } });
    (p.spec as { containers: unknown[] }).containers.push({ name: 'side', image: 'busybox', resources: { limits: { cpu: '300m' } } });
    assert.deepEqual(limitRangePod(p, [range({ type: 'Pod', max: { cpu: '500m' } })]), ['maximum cpu usage per Pod is 500m, but limit is 600m']);
  });

  it('aggregates several errors in brackets as Kubernetes does', () => {
    assert.equal(aggregateMessage(['a']), 'a');
    assert.equal(aggregateMessage(['a', 'b']), '[a, b]');
  });
});
