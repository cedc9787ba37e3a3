import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { LABEL_CONTAINER_KIND, LABEL_NODE, LABEL_POD_UID, LABEL_RESTART_COUNT } from '../labels.js';
import { containerCreateOptions, CPU_PERIOD_US, sandboxCreateOptions } from './container-spec.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: '0123456789abcdef' },
  spec: {
    shareProcessNamespace: true,
    containers: [
      {
        name: 'app',
        image: 'flotilla/nginx:1.22',
        ports: [{ containerPort: 80, hostPort: 8080 }],
        resources: { limits: { memory: '64Mi', cpu: '500m' } },
        command: ['/bin/sh'],
        workingDir: '/srv',
      },
    ],
  },
};

test('the sandbox owns the network and publishes hostPorts', () => {
  const o = sandboxCreateOptions({ pod, node: 'n1', pauseImage: 'pause', network: 'flotilla' });
  assert.equal(o.HostConfig?.NetworkMode, 'flotilla');
  assert.equal(o.HostConfig?.IpcMode, 'shareable');
  assert.deepEqual(o.HostConfig?.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  assert.equal(o.Hostname, 'web');
  assert.equal(o.Labels?.[LABEL_CONTAINER_KIND], 'sandbox');
  assert.equal(o.Labels?.[LABEL_NODE], 'n1');
  assert.equal(o.name, 'fl_POD_web_default_01234567_0');
});

test('app containers join the sandbox namespaces and carry limits and labels', () => {
  const o = containerCreateOptions({
    pod,
    node: 'n1',
    container: pod.spec.containers[0],
    kind: 'app',
    restartCount: 2,
    sandboxId: 'sb',
    env: ['A=1'],
    command: ['/bin/sh'],
    mounts: [{ source: '/host', target: '/data', readOnly: true }],
  });
  assert.equal(o.HostConfig?.NetworkMode, 'container:sb');
  assert.equal(o.HostConfig?.IpcMode, 'container:sb');
  assert.equal(o.HostConfig?.PidMode, 'container:sb');
  assert.equal(o.HostConfig?.Memory, 64 * 1024 * 1024);
  assert.equal(o.HostConfig?.CpuPeriod, CPU_PERIOD_US);
  assert.equal(o.HostConfig?.CpuQuota, CPU_PERIOD_US / 2);
  assert.deepEqual(o.Entrypoint, ['/bin/sh']);
  assert.equal(o.Cmd, undefined);
  assert.equal(o.WorkingDir, '/srv');
  assert.equal(o.Labels?.[LABEL_RESTART_COUNT], '2');
  assert.equal(o.Labels?.[LABEL_POD_UID], '0123456789abcdef');
  assert.deepEqual(o.HostConfig?.Mounts, [{ Type: 'bind', Source: '/host', Target: '/data', ReadOnly: true }]);
});

test('hostNetwork pods use the host network and publish nothing', () => {
  const hostPod: Pod = { ...pod, spec: { ...pod.spec, hostNetwork: true } };
  const o = sandboxCreateOptions({ pod: hostPod, node: 'n1', pauseImage: 'pause', network: 'flotilla' });
  assert.equal(o.HostConfig?.NetworkMode, 'host');
  assert.equal(o.HostConfig?.PortBindings, undefined);
});
