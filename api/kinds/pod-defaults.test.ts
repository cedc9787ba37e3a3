import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../errors.js';
import { validateResourceRequirements } from '../validation/resources.js';
import { defaultPodOnly, defaultPodSpec, defaultPullPolicy, imageTag, podQosClass } from './pod-defaults.js';

describe('imageTag', () => {
  it('finds the tag as Kubernetes image parsing does', () => {
    assert.equal(imageTag('nginx'), 'latest');
    assert.equal(imageTag('nginx:1.25'), '1.25');
    assert.equal(imageTag('library/nginx:stable'), 'stable');
    assert.equal(imageTag('localhost:5000/nginx'), 'latest');
    assert.equal(imageTag('localhost:5000/nginx:v2'), 'v2');
    assert.equal(imageTag('nginx@sha256:abc'), '');
    assert.equal(imageTag('nginx:1.0@sha256:abc'), '1.0');
    assert.equal(defaultPullPolicy(''), 'IfNotPresent');
  });
});

describe('podQosClass', () => {
  const spec = (resources: unknown[]) => ({ containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) });

  it('BestEffort without cpu or memory anywhere', () => {
    assert.equal(podQosClass(spec([undefined, { limits: { 'example.com/gpu': '1' } }])), 'BestEffort');
  });

  it('Guaranteed when every container has equal cpu and memory requests and limits', () => {
    assert.equal(podQosClass(spec([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } }])), 'Guaranteed');
    assert.equal(podQosClass(spec([{ limits: { cpu: '1', memory: '1Gi' } }, { limits: { cpu: '1' } }])), 'Burstable');
    assert.equal(podQosClass(spec([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }])), 'Burstable');
  });
});

describe('defaultPodSpec / defaultPodOnly', () => {
  it('do not touch fields the user set', () => {
    const spec: Record<string, unknown> = {
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      schedulerName: 'mine',
      enableServiceLinks: false,
      containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
    };
    defaultPodSpec(spec);
    defaultPodOnly(spec);
    assert.equal(spec.restartPolicy, 'Never');
    assert.equal(spec.dnsPolicy, 'Default');
    assert.equal(spec.terminationGracePeriodSeconds, 0);
    assert.equal(spec.schedulerName, 'mine');
    assert.equal(spec.enableServiceLinks, false);
    const c = (spec.containers as Record<string, unknown>[])[0];
    assert.equal(c.imagePullPolicy, 'Never');
    assert.equal(c.terminationMessagePolicy, 'FallbackToLogsOnError');
  });

  it('read the deprecated serviceAccount when serviceAccountName is empty, and write it back equal', () => {
    const old: Record<string, unknown> = { serviceAccount: 'builder', containers: [] };
    defaultPodSpec(old);
    assert.deepEqual([old.serviceAccountName, old.serviceAccount], ['builder', 'builder']);
    const both: Record<string, unknown> = { serviceAccountName: 'web', serviceAccount: 'stale', containers: [] };
    defaultPodSpec(both);
    assert.deepEqual([both.serviceAccountName, both.serviceAccount], ['web', 'web']);
    const none: Record<string, unknown> = { containers: [] };
    defaultPodSpec(none);
    assert.equal('serviceAccount' in none, false);
  });

  it('skip entries of the wrong type', () => {
    const spec: Record<string, unknown> = { containers: ['nginx', null, { name: 'a', image: 'x', ports: [5, { containerPort: 1 }] }] };
    defaultPodSpec(spec);
    const c = (spec.containers as unknown[])[2] as Record<string, unknown>;
    assert.deepEqual(c.ports, [5, { containerPort: 1, protocol: 'TCP' }]);
  });
});

describe('validateResourceRequirements for non-overcommitable resources', () => {
  it('requires a limit for hugepages requests', () => {
    const errs = validateResourceRequirements({ requests: { 'hugepages-2Mi': '4Mi' } }, 'r').map(formatFieldError);
    assert.deepEqual(errs, ['r.limits: Required value: Limit must be set for non overcommitable resources']);
  });

  it('requires whole units of extended resources', () => {
    const errs = validateResourceRequirements({ limits: { 'example.com/gpu': '500m' } }, 'r').map(formatFieldError);
    assert.deepEqual(errs, ['r.limits[example.com/gpu]: Invalid value: "500m": must be an integer']);
  });
});
