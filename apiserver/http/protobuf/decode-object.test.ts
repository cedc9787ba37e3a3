import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError, type StatusReason } from '../../../api/errors.js';
import { messageType, UNKNOWN_TYPE } from './k8s-messages.js';
import { PROTOBUF_MAGIC, protobufBodyToJson } from './decode-object.js';

/** A body as kubectl sends it: the prefix, then an Unknown holding the object's own message. */
function envelope(apiVersion: string, kind: string, typeName: string, object: Record<string, unknown>): Buffer {
  const type = messageType(typeName);
  const raw = type.encode(type.fromObject(object)).finish();
  const unknown = messageType(UNKNOWN_TYPE);
  const bytes = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([PROTOBUF_MAGIC, bytes]);
}

function decoded(body: Uint8Array): unknown {
  return JSON.parse(protobufBodyToJson(body));
}

function assertApiError(fn: () => unknown, reason: StatusReason, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => isApiError(err, reason) && err instanceof Error && pattern.test(err.message));
}

describe('protobuf request bodies', () => {
  it('reads a Namespace as kubectl create namespace sends it (zero creationTimestamp absent)', () => {
    const body = envelope('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {
      metadata: { name: 'ns-x', namespace: '', creationTimestamp: {} },
      spec: {},
      status: {},
    });
    assert.deepEqual(decoded(body), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-x' }, spec: {}, status: {} });
  });

  it('reads a ConfigMap: maps as objects, binaryData as base64, immutable false kept', () => {
    const body = envelope('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', {
      metadata: { name: 'cfg', labels: { app: 'web' }, creationTimestamp: { seconds: 1700000000 } },
      data: { a: 'b', empty: '' },
      binaryData: { bin: Buffer.from([0, 1, 255]) },
      immutable: false,
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', creationTimestamp: '2023-11-14T22:13:20Z', labels: { app: 'web' } },
      immutable: false,
      data: { a: 'b', empty: '' },
      binaryData: { bin: 'AAH/' },
    });
  });

  it('reads a Secret as kubectl create secret sends it: data bytes as base64, the type kept', () => {
    const body = envelope('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
      metadata: { name: 'db', creationTimestamp: {} },
      data: { password: Buffer.from('s3cr3t'), empty: Buffer.alloc(0) },
      type: 'Opaque',
    });
    assert.deepEqual(decoded(body), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'czNjcjN0', empty: '' }, type: 'Opaque' });
  });

  it('reads a Deployment: pointers, IntOrString, Quantity, embedded probe handler and selector reference', () => {
    const body = envelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web2', creationTimestamp: {}, labels: { app: 'web2' } },
      spec: {
        replicas: 0,
        minReadySeconds: 0,
        selector: { matchLabels: { app: 'web2' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: { type: 1, strVal: '25%' }, maxSurge: { type: 0, intVal: 1 } } },
        template: {
          metadata: { creationTimestamp: {}, labels: { app: 'web2' } },
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'nginx',
                image: 'flotilla/nginx:1.22',
                resources: { limits: { cpu: { string: '500m' } } },
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                env: [{ name: 'CFG', valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cfg' }, key: 'a' } } }],
                readinessProbe: { handler: { httpGet: { path: '/', port: { type: 1, strVal: 'http' } } }, periodSeconds: 5 },
              },
            ],
            volumes: [{ name: 'scratch', volumeSource: { emptyDir: { sizeLimit: { string: '1Gi' } } } }],
          },
        },
      },
      status: {},
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web2', labels: { app: 'web2' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web2' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
        template: {
          metadata: { labels: { app: 'web2' } },
          spec: {
            volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
            containers: [
              {
                name: 'nginx',
                image: 'flotilla/nginx:1.22',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                env: [{ name: 'CFG', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' } } }],
                resources: { limits: { cpu: '500m' } },
                readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
              },
            ],
            terminationGracePeriodSeconds: 30,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      },
      status: {},
    });
  });

  it('reads managedFields: fieldsV1 as the JSON object it carries', () => {
    const fields = { 'f:data': { 'f:a': {} } };
    const body = envelope('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', {
      metadata: { name: 'cfg', managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from(JSON.stringify(fields)) } }] },
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: fields }] },
    });
  });

  it('refuses kinds it does not declare with 415 naming the kind and the supported ones', () => {
    const body = envelope('example.com/v1', 'Widget', 'k8s.io.api.core.v1.ConfigMap', { metadata: { name: 's' } });
    assertApiError(() => protobufBodyToJson(body), 'UnsupportedMediaType', /Widget \(example.com\/v1\).*supported for: Namespace \(v1\), Node \(v1\), Pod \(v1\).*Eviction \(policy\/v1beta1\)/);
  });

  it('refuses a content encoding with 415', () => {
    const unknown = messageType(UNKNOWN_TYPE);
    const bytes = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw: Buffer.alloc(0), contentEncoding: 'gzip' })).finish();
    assertApiError(() => protobufBodyToJson(Buffer.concat([PROTOBUF_MAGIC, bytes])), 'UnsupportedMediaType', /gzip/);
  });

  it('answers malformed bytes with 400, never a crash', () => {
    const good = envelope('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'cfg' }, data: { a: 'b' } });
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['no prefix', Buffer.from('{"kind":"ConfigMap"}')],
      ['prefix only is an empty envelope', PROTOBUF_MAGIC],
      ['truncated envelope', good.subarray(0, good.length - 3)],
      ['garbage after the prefix', Buffer.concat([PROTOBUF_MAGIC, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])])],
    ];
    for (const [name, body] of cases) {
      assert.throws(
        () => protobufBodyToJson(body),
        (err: unknown) => isApiError(err, 'BadRequest') || isApiError(err, 'UnsupportedMediaType'),
        name,
      );
    }
    assertApiError(() => protobufBodyToJson(good.subarray(0, good.length - 3)), 'BadRequest', /malformed/);
    // A raw object whose own bytes are cut short.
    const unknown = messageType(UNKNOWN_TYPE);
    const raw = Buffer.from([0x0a, 0x10, 0x0a]);
    const bytes = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw })).finish();
    assertApiError(() => protobufBodyToJson(Buffer.concat([PROTOBUF_MAGIC, bytes])), 'BadRequest', /malformed: ConfigMap/);
  });

  it('survives random bytes after the prefix: only 400 or 415', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(Array.from({ length: next() % 64 }, () => next() & 0xff));
      try {
        protobufBodyToJson(Buffer.concat([PROTOBUF_MAGIC, bytes]));
      } catch (err) {
        assert.ok(isApiError(err, 'BadRequest') || isApiError(err, 'UnsupportedMediaType'), String(err));
      }
    }
  });
});

describe('protobuf bodies of every served kind', () => {
  const CORE = 'k8s.io.api.core.v1';
  const APPS = 'k8s.io.api.apps.v1';

  it('reads a Pod with its status: zero values Go always writes stay, times to the second', () => {
    const body = envelope('v1', 'Pod', `${CORE}.Pod`, {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [{ name: 'app', image: 'nginx', securityContext: { runAsUser: 0, privileged: false }, resources: { limits: { cpu: { string: '500m' } } } }],
        volumes: [{ name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'cfg' }, defaultMode: 420 } } }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
      },
      status: {
        phase: 'Running',
        startTime: { seconds: 1700000000 },
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { running: { startedAt: { seconds: 1700000001 } } } }],
      },
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } }],
        containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '500m' } }, securityContext: { privileged: false, runAsUser: 0 } }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
      },
      status: {
        phase: 'Running',
        startTime: '2023-11-14T22:13:20Z',
        containerStatuses: [{ name: 'app', state: { running: { startedAt: '2023-11-14T22:13:21Z' } }, ready: false, restartCount: 0, image: 'nginx', imageID: '' }],
      },
    });
  });

  it('reads workloads whose zero replicas are a value', () => {
    for (const kind of ['ReplicaSet', 'StatefulSet']) {
      const body = envelope('apps/v1', kind, `${APPS}.${kind}`, { metadata: { name: 'w' }, spec: { replicas: 0, selector: { matchLabels: { app: 'w' } } } });
      const json = decoded(body) as { spec: { replicas?: number } };
      assert.equal(json.spec.replicas, 0, kind);
    }
    const ds = envelope('apps/v1', 'DaemonSet', `${APPS}.DaemonSet`, {
      metadata: { name: 'd' },
      spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: { type: 1, strVal: '10%' } } } },
    });
    assert.deepEqual((decoded(ds) as { spec: unknown }).spec, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } });
  });

  it('reads a ControllerRevision: data is the JSON object it carries', () => {
    const data = { spec: { template: { metadata: { labels: { app: 'w' } } } } };
    const body = envelope('apps/v1', 'ControllerRevision', `${APPS}.ControllerRevision`, { metadata: { name: 'w-1' }, data: { raw: Buffer.from(JSON.stringify(data)) }, revision: 1 });
    assert.deepEqual(decoded(body), { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'w-1' }, data, revision: 1 });
  });

  it('reads Event and Lease: MicroTime to the microsecond', () => {
    const event = envelope('v1', 'Event', `${CORE}.Event`, {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Started',
      eventTime: { seconds: 1700000000, nanos: 123456789 },
      count: 2,
    });
    assert.deepEqual(decoded(event), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
      reason: 'Started',
      count: 2,
      eventTime: '2023-11-14T22:13:20.123456Z',
    });
    const lease = envelope('coordination.k8s.io/v1', 'Lease', 'k8s.io.api.coordination.v1.Lease', {
      metadata: { name: 'node-a', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, renewTime: { seconds: 1700000000, nanos: 5000 } },
    });
    assert.deepEqual((decoded(lease) as { spec: unknown }).spec, { holderIdentity: 'node-a', leaseDurationSeconds: 40, renewTime: '2023-11-14T22:13:20.000005Z' });
  });

  it('reads a Node: capacity as quantities, taints', () => {
    const body = envelope('v1', 'Node', `${CORE}.Node`, {
      metadata: { name: 'node-a' },
      spec: { podCIDR: '10.0.1.0/24', taints: [{ key: 'k', effect: 'NoSchedule' }] },
      status: { capacity: { cpu: { string: '4' }, memory: { string: '8Gi' } } },
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a' },
      spec: { podCIDR: '10.0.1.0/24', taints: [{ key: 'k', effect: 'NoSchedule' }] },
      status: { capacity: { cpu: '4', memory: '8Gi' } },
    });
  });

  it('reads an Eviction of policy/v1 and v1beta1 with its delete options', () => {
    for (const apiVersion of ['policy/v1', 'policy/v1beta1']) {
      const body = envelope(apiVersion, 'Eviction', 'k8s.io.api.policy.v1.Eviction', {
        metadata: { name: 'web', namespace: 'default' },
        deleteOptions: { gracePeriodSeconds: 0, dryRun: ['All'], preconditions: { uid: 'u-1' } },
      });
      assert.deepEqual(decoded(body), {
        apiVersion,
        kind: 'Eviction',
        metadata: { name: 'web', namespace: 'default' },
        deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u-1' }, dryRun: ['All'] },
      });
    }
  });
  it('reads a CronJob as kubectl create cronjob sends it: its job template, pointers kept, and a Job with zero counts', () => {
    const jobSpec = { backoffLimit: 0, completions: 1, template: { metadata: {}, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } };
    const cron = envelope('batch/v1', 'CronJob', 'k8s.io.api.batch.v1.CronJob', {
      metadata: { name: 'nightly' },
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { metadata: { name: 'nightly' }, spec: jobSpec } },
      status: {},
    });
    assert.deepEqual(decoded(cron), {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '*/5 * * * *',
        suspend: false,
        jobTemplate: { metadata: { name: 'nightly' }, spec: { completions: 1, backoffLimit: 0, template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } },
      },
      status: {},
    });
    const job = envelope('batch/v1', 'Job', 'k8s.io.api.batch.v1.Job', {
      metadata: { name: 'once' },
      spec: { ...jobSpec, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42, 43] } }] } },
    });
    const decodedJob = decoded(job) as { spec: Record<string, unknown> };
    assert.deepEqual(decodedJob.spec.podFailurePolicy, { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42, 43] } }] });
    assert.equal(decodedJob.spec.backoffLimit, 0);
  });
  it('reads a PodDisruptionBudget as kubectl create pdb sends it: an int or a percentage bound, and a zero disruptionsAllowed kept', () => {
    for (const [wire, minAvailable] of [[{ type: 0, intVal: 2 }, 2], [{ type: 1, strVal: '50%' }, '50%']] as const) {
      const pdb = envelope('policy/v1', 'PodDisruptionBudget', 'k8s.io.api.policy.v1.PodDisruptionBudget', {
        metadata: { name: 'web' },
        spec: { minAvailable: wire, selector: { matchLabels: { app: 'web' } } },
        status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
      });
      assert.deepEqual(decoded(pdb), {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web' },
        spec: { minAvailable, selector: { matchLabels: { app: 'web' } } },
        status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
      });
    }
  });
});

describe('protobuf bodies of the storage kinds', () => {
  it('reads a PersistentVolume with its inlined source and a StorageClass keeping allowVolumeExpansion: false', () => {
    const pv = envelope('v1', 'PersistentVolume', 'k8s.io.api.core.v1.PersistentVolume', {
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: { string: '5Gi' } }, persistentVolumeSource: { local: { path: '/mnt/disk' } }, accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
    });
    assert.deepEqual(decoded(pv), {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '5Gi' }, local: { path: '/mnt/disk' }, accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
    });
    const sc = envelope('storage.k8s.io/v1', 'StorageClass', 'k8s.io.api.storage.v1.StorageClass', {
      metadata: { name: 'standard' },
      provisioner: 'flotilla.io/local-path',
      allowVolumeExpansion: false,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    assert.deepEqual(decoded(sc), {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard' },
      provisioner: 'flotilla.io/local-path',
      allowVolumeExpansion: false,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
  it('reads a RoleBinding and a SelfSubjectAccessReview as kubectl create rolebinding and auth can-i send them', () => {
    const binding = envelope('rbac.authorization.k8s.io/v1', 'RoleBinding', 'k8s.io.api.rbac.v1.RoleBinding', {
      metadata: { name: 'jane-view', namespace: 'default' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
    assert.deepEqual(decoded(binding), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'jane-view', namespace: 'default' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
    const review = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'k8s.io.api.authorization.v1.SelfSubjectAccessReview', {
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'pods' } },
      status: { allowed: false },
    });
    assert.deepEqual(decoded(review), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'pods' } },
      status: { allowed: false },
    });
  });
});
