import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDeployment, buildRunPod, containerNameForImage, parseKeyValues, parsePort } from './generators.js';

test('run builds a pod labelled run=NAME with a container named after the pod', () => {
  const pod = buildRunPod({ name: 'box', image: 'flotilla/busybox:latest', restart: 'Never', env: ['A=1', 'B=x=y'], port: 8080, command: false, args: ['sleep', '3600'] });
  assert.deepEqual(pod, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { run: 'box' }, name: 'box' },
    spec: {
      containers: [{
        image: 'flotilla/busybox:latest',
        name: 'box',
        resources: {},
        args: ['sleep', '3600'],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }],
        ports: [{ containerPort: 8080 }],
      }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Never',
    },
    status: {},
  });
});

test('run --command puts the arguments in command; --labels replace run=NAME', () => {
  const pod = buildRunPod({ name: 'box', image: 'busybox', restart: 'Always', labels: { app: 'x', tier: 'y' }, env: [], command: true, args: ['sh', '-c', 'echo hi'], namespace: 'shop' });
  assert.deepEqual(pod.spec.containers[0].command, ['sh', '-c', 'echo hi']);
  assert.equal(pod.spec.containers[0].args, undefined);
  assert.deepEqual(pod.metadata.labels, { app: 'x', tier: 'y' });
  assert.equal(pod.metadata.namespace, 'shop');
});

test('container names come from the image base name, as kubectl names them', () => {
  assert.equal(containerNameForImage('nginx'), 'nginx');
  assert.equal(containerNameForImage('flotilla/nginx:1.22'), 'nginx');
  assert.equal(containerNameForImage('registry.local:5000/team/my_app@sha256:abc'), 'my-app');
});

test('create deployment: app=NAME everywhere, replicas, port on the first container', () => {
  const d = buildDeployment({ name: 'web', images: ['flotilla/nginx:1.22', 'flotilla/busybox:latest'], replicas: 3, port: 80, command: [] });
  assert.deepEqual(d.metadata.labels, { app: 'web' });
  assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
  assert.deepEqual(d.spec.template.metadata?.labels, { app: 'web' });
  assert.equal(d.spec.replicas, 3);
  assert.deepEqual(d.spec.template.spec.containers.map((c) => c.name), ['nginx', 'busybox']);
  assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80 }]);
  assert.equal(d.spec.template.spec.containers[1].ports, undefined);
  const twice = buildDeployment({ name: 'w', images: ['nginx', 'other/nginx'], replicas: 1, command: ['sleep', '1'] });
  assert.deepEqual(twice.spec.template.spec.containers.map((c) => c.name), ['nginx', 'nginx-1']);
  assert.deepEqual(twice.spec.template.spec.containers[0].command, ['sleep', '1']);
});

test('flag value parsing', () => {
  assert.deepEqual(parseKeyValues('a=1,b=2', 'label'), { a: '1', b: '2' });
  assert.throws(() => parseKeyValues('a', 'label'), /invalid label "a"/);
  assert.equal(parsePort('80'), 80);
  assert.equal(parsePort(undefined), undefined);
  assert.throws(() => parsePort('http'), /invalid port/);
});
