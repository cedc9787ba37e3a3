import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, podFixture, statusErrors } from './fixtures.js';
import { podStrategy } from './pod.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Pod defaults', () => {
  it('fill Kubernetes defaults for spec, containers and status', () => {
    const pod = defaulted(podFixture()) as Json;
    assert.equal(pod.spec.restartPolicy, 'Always');
    assert.equal(pod.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(pod.spec.terminationGracePeriodSeconds, 30);
    assert.equal(pod.spec.schedulerName, 'default-scheduler');
    assert.deepEqual(pod.spec.securityContext, {});
    assert.equal(pod.spec.enableServiceLinks, true);
    const c = pod.spec.containers[0];
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.equal(c.terminationMessagePolicy, 'File');
    assert.equal(c.ports[0].protocol, 'TCP');
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('add no tolerations: the DefaultTolerationSeconds admission does, as configured', () => {
    assert.equal((defaulted(podFixture()) as Json).spec.tolerations, undefined);
  });

  it('are idempotent', () => {
    const once = defaulted(podFixture());
    assert.deepEqual(defaulted(once), once);
  });

  it('choose imagePullPolicy from the tag', () => {
    const cases: Array<[string, string]> = [
      ['nginx', 'Always'],
      ['nginx:latest', 'Always'],
      ['nginx:1.25', 'IfNotPresent'],
      ['registry:5000/nginx', 'Always'],
      ['registry:5000/nginx:1.0', 'IfNotPresent'],
      ['nginx@sha256:0123456789abcdef', 'IfNotPresent'],
      ['nginx:latest@sha256:0123', 'Always'],
    ];
    for (const [image, policy] of cases) {
      const pod = podFixture() as Json;
      pod.spec.containers[0].image = image;
      assert.equal((defaulted(pod as KubeObject) as Json).spec.containers[0].imagePullPolicy, policy, image);
    }
    const explicit = podFixture() as Json;
    explicit.spec.containers[0].imagePullPolicy = 'Never';
    assert.equal((defaulted(explicit as KubeObject) as Json).spec.containers[0].imagePullPolicy, 'Never');
  });

  it('default probes, httpGet and hostPath', () => {
    const pod = podFixture() as Json;
    pod.spec.volumes = [{ name: 'h', hostPath: { path: '/x' } }, { name: 'cfg', configMap: { name: 'c' } }];
    pod.spec.containers[0].livenessProbe = { httpGet: { port: 80 } };
    pod.spec.containers[0].lifecycle = { preStop: { httpGet: { port: 80, path: '/stop' } } };
    pod.spec.containers[0].env = [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
    const out = defaulted(pod as KubeObject) as Json;
    assert.deepEqual(out.spec.containers[0].livenessProbe, {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(out.spec.containers[0].lifecycle.preStop.httpGet, { port: 80, path: '/stop', scheme: 'HTTP' });
    assert.equal(out.spec.volumes[0].hostPath.type, '');
    assert.equal(out.spec.volumes[1].configMap.defaultMode, 420);
    assert.equal(out.spec.containers[0].env[0].valueFrom.fieldRef.apiVersion, 'v1');
  });

  it('copy limits into missing requests and compute the QoS class', () => {
    const guaranteed = podFixture() as Json;
    guaranteed.spec.containers[0].resources = { limits: { cpu: '500m', memory: '64Mi' } };
    const g = defaulted(guaranteed as KubeObject) as Json;
    assert.deepEqual(g.spec.containers[0].resources.requests, { cpu: '500m', memory: '64Mi' });
    assert.equal(g.status.qosClass, 'Guaranteed');
    const burstable = podFixture() as Json;
    burstable.spec.containers[0].resources = { requests: { cpu: '100m' }, limits: { cpu: '1' } };
    assert.equal((defaulted(burstable as KubeObject) as Json).status.qosClass, 'Burstable');
  });

  it('default hostPort to containerPort with hostNetwork', () => {
    const pod = podFixture() as Json;
    pod.spec.hostNetwork = true;
    assert.equal((defaulted(pod as KubeObject) as Json).spec.containers[0].ports[0].hostPort, 80);
  });

  it('keep a given phase and leave a malformed spec alone', () => {
    const pod = podFixture() as Json;
    pod.status = { phase: 'Running' };
    assert.equal((defaulted(pod as KubeObject) as Json).status.phase, 'Running');
    const odd = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: 'nonsense' } as KubeObject;
    podStrategy.applyDefaults(odd);
    assert.equal(odd.spec, 'nonsense');
  });

  it('keep unknown fields', () => {
    const pod = podFixture() as Json;
    pod.spec.futureField = { a: 1 };
    pod.spec.containers[0].somethingNew = true;
    const out = defaulted(pod as KubeObject) as Json;
    assert.deepEqual(out.spec.futureField, { a: 1 });
    assert.equal(out.spec.containers[0].somethingNew, true);
  });
});

describe('Pod validation', () => {
  it('accepts a defaulted pod and checks the name as a DNS subdomain', () => {
    assert.deepEqual(createErrors(podFixture()), []);
    const dotted = podFixture();
    dotted.metadata.name = 'web.v1';
    assert.deepEqual(createErrors(dotted), []);
    const bad = podFixture();
    bad.metadata.name = 'Web';
    assert.equal(createErrors(bad).length, 1);
  });
});

describe('Pod status updates', () => {
  function running(): KubeObject {
    const pod = defaulted(podFixture()) as Json;
    pod.spec.nodeName = 'node-1';
    pod.status = { ...pod.status, phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], hostIP: '192.168.1.2' };
    return pod as KubeObject;
  }

  it('accept what the agent reports', () => {
    const old = running();
    const next = structuredClone(old) as Json;
    next.status.conditions = [
      { type: 'Ready', status: 'True' },
      { type: 'example.com/gate', status: 'False' },
    ];
    next.status.containerStatuses = [{ name: 'web', ready: true, restartCount: 2, image: 'nginx', imageID: '', state: { running: {} } }];
    assert.deepEqual(statusErrors(next as KubeObject, old), []);
  });

  it('check phase, conditions and addresses', () => {
    const old = running();
    const next = structuredClone(old) as Json;
    next.status.phase = 'Sleeping';
    next.status.conditions = [{ type: 'Ready', status: 'Yes' }, { type: 'bad type!', status: 'True' }];
    next.status.podIP = '10.0.0';
    next.status.podIPs = [{ ip: '10.0.0.5' }, { ip: '10.0.0.5' }];
    next.status.containerStatuses = [{ name: 'web', restartCount: -1 }];
    const errs = statusErrors(next as KubeObject, old);
    assert.deepEqual(errs.filter((e) => !e.includes('name part')), [
      'status.phase: Unsupported value: "Sleeping": supported values: "Pending", "Running", "Succeeded", "Failed", "Unknown"',
      'status.conditions[0].status: Unsupported value: "Yes": supported values: "True", "False", "Unknown"',
      'status.podIP: Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'status.podIPs[1]: Duplicate value: {"ip":"10.0.0.5"}',
      'status.containerStatuses[0].restartCount: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.ok(errs.some((e) => e.startsWith('status.conditions[1].type: Invalid value: "bad type!"')));
  });

  it('keep the QoS class', () => {
    const old = running();
    const next = structuredClone(old) as Json;
    next.status.qosClass = 'Guaranteed';
    assert.deepEqual(statusErrors(next as KubeObject, old), ['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
  });

  it('do not let a finished container of a Never pod run again', () => {
    const old = running() as Json;
    old.spec.restartPolicy = 'Never';
    old.status.containerStatuses = [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 0 } } }];
    const next = structuredClone(old);
    next.status.containerStatuses = [{ name: 'web', restartCount: 1, state: { running: {} } }];
    assert.deepEqual(statusErrors(next as KubeObject, old as KubeObject), [
      'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
    ]);
    old.spec.restartPolicy = 'OnFailure';
    old.status.containerStatuses[0].state.terminated.exitCode = 1;
    next.spec.restartPolicy = 'OnFailure';
    assert.deepEqual(statusErrors(next as KubeObject, old as KubeObject), []);
  });
});
