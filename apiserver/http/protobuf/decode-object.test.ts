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

  it('reads a Service as kubectl create service sends it: named and numeric target ports, selector, type', () => {
    const body = envelope('v1', 'Service', 'k8s.io.api.core.v1.Service', {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: { type: 0, intVal: 8080 }, nodePort: 30080 }, { name: 'metrics', port: 9090, targetPort: { type: 1, strVal: 'metrics' } }],
        selector: { app: 'web' },
        type: 'NodePort',
        clusterIP: '',
      },
    });
    assert.deepEqual(decoded(body), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'metrics', port: 9090, targetPort: 'metrics' }],
        selector: { app: 'web' },
        type: 'NodePort',
      },
    });
  });

  it('refuses kinds it does not declare with 415 naming the kind and the supported ones', () => {
    const body = envelope('v1', 'Secret', 'k8s.io.api.core.v1.ConfigMap', { metadata: { name: 's' } });
    assertApiError(() => protobufBodyToJson(body), 'UnsupportedMediaType', /Secret \(v1\).*supported for: Namespace \(v1\), ConfigMap \(v1\), .*Deployment \(apps\/v1\)/);
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
