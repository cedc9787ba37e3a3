import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types/meta.js';
import { openApiComponentsFor } from '../openapi/document.js';
import { ref } from '../openapi/builders.js';
import { unknownFields } from '../openapi/unknown-fields.js';
import {
  daemonSetFixture,
  defaulted,
  deploymentFixture,
  eventFixture,
  configMapFixture,
  cronJobFixture,
  jobFixture,
  leaseFixture,
  namespaceFixture,
  nodeFixture,
  podDisruptionBudgetFixture,
  podFixture,
  replicaSetFixture,
  secretFixture,
  serviceAccountFixture,
  resourceQuotaFixture,
  limitRangeFixture,
  statefulSetFixture,
  serviceFixture,
  endpointsFixture,
  endpointSliceFixture,
  horizontalPodAutoscalerFixture,
  persistentVolumeFixture,
  persistentVolumeClaimFixture,
  storageClassFixture,
  roleFixture,
  clusterRoleFixture,
  roleBindingFixture,
  clusterRoleBindingFixture,
  certificateSigningRequestFixture,
} from './fixtures.js';
import type { KindDefinition } from './kind-definition.js';
import { KINDS, kindNamed } from './registry.js';

function controllerRevisionFixture(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-5d8f7', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'u-2', controller: true }] },
    data: { spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'web' }] } } } },
    revision: 1,
  };
}

const FIXTURES: readonly (() => KubeObject)[] = [
  roleFixture,
  clusterRoleFixture,
  roleBindingFixture,
  clusterRoleBindingFixture,
  certificateSigningRequestFixture,
  persistentVolumeFixture,
  persistentVolumeClaimFixture,
  storageClassFixture,
  podDisruptionBudgetFixture,
  namespaceFixture,
  nodeFixture,
  podFixture,
  eventFixture,
  configMapFixture,
  secretFixture,
  serviceAccountFixture,
  resourceQuotaFixture,
  limitRangeFixture,
  leaseFixture,
  deploymentFixture,
  replicaSetFixture,
  daemonSetFixture,
  statefulSetFixture,
  controllerRevisionFixture,
  jobFixture,
  cronJobFixture,
  serviceFixture,
  endpointsFixture,
  endpointSliceFixture,
  horizontalPodAutoscalerFixture,
];

function definition(kind: string): KindDefinition {
  const found = kindNamed(kind);
  assert.ok(found, kind);
  return found;
}

function unknownIn(obj: KubeObject): string[] {
  const { schema } = definition(obj.kind);
  return unknownFields(obj, ref(schema.root), schema.components);
}

test("every kind's root carries its group, version and kind and the envelope members", () => {
  for (const kind of KINDS) {
    const root = kind.schema.components[kind.schema.root];
    assert.ok(root, kind.schema.root);
    assert.deepEqual(root['x-kubernetes-group-version-kind'], [{ group: kind.group, version: kind.version, kind: kind.kind }], kind.kind);
    for (const member of ['apiVersion', 'kind', 'metadata']) assert.ok(root.properties?.[member], `${kind.kind}.${member}`);
    const prefix = kind.group === '' ? 'io.k8s.api.core.v1.' : `io.k8s.api.${kind.group.split('.')[0]}.${kind.version}.`;
    assert.equal(kind.schema.root, `${prefix}${kind.kind}`);
  }
});

test('every fixture kind is covered', () => {
  assert.deepEqual(FIXTURES.map((f) => f().kind).sort(), KINDS.map((k) => k.kind).sort());
});

test('every field of a valid object of each kind is declared, as strict validation requires', () => {
  for (const fixture of FIXTURES) {
    const obj = fixture();
    assert.deepEqual(unknownIn(obj), [], obj.kind);
    assert.deepEqual(unknownIn(defaulted(obj)), [], `${obj.kind} after defaulting`);
  }
});

test('a misspelt field is found wherever it is, as kubectl --validate=strict would', () => {
  const pod = podFixture();
  const spec = pod.spec as { containers: Record<string, unknown>[] };
  spec.containers[0]!.imagee = 'nginx';
  assert.deepEqual(unknownIn(pod), ['.spec.containers[0].imagee']);
  const deployment = deploymentFixture();
  (deployment.spec as Record<string, unknown>).replica = 3;
  assert.deepEqual(unknownIn(deployment), ['.spec.replica']);
});

test('the documents per group-version reach every component their kinds use', () => {
  const groups = new Map<string, KindDefinition[]>();
  for (const kind of KINDS) groups.set(`${kind.group}/${kind.version}`, [...(groups.get(`${kind.group}/${kind.version}`) ?? []), kind]);
  for (const [gv, kinds] of groups) {
    const components = openApiComponentsFor(kinds);
    for (const kind of kinds) assert.ok(components[kind.schema.root], `${gv} ${kind.kind}`);
    assert.ok(components['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], gv);
  }
});

/** A pod written the way users write them, with the structures our types leave open. */
function fullPod(): KubeObject {
  const probe = { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X', value: 'y' }] }, periodSeconds: 5 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'full', namespace: 'default', labels: { app: 'full' }, annotations: { a: 'b' } },
    spec: {
      securityContext: { runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.ipv4.ip_forward', value: '1' }] },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
          },
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'full' } }, topologyKey: 'kubernetes.io/hostname' } },
          ],
        },
      },
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'full' } } }],
      dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], restartPolicy: 'Always' }],
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [
            { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          ],
          envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: 128 } },
          livenessProbe: probe,
          readinessProbe: { ...probe, httpGet: undefined, tcpSocket: { port: 80 } },
          startupProbe: { grpc: { port: 9000 }, failureThreshold: 30 },
          lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true }],
        },
      ],
      volumes: [
        { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'cfg', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }, { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
        { name: 'claim', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
        { name: 'legacy', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
      ],
    },
  };
}

test('a pod using probes, security contexts, affinity and volume sources is fully declared', () => {
  assert.deepEqual(unknownIn(fullPod()), []);
});

test("the repository's example manifests declare only known fields", () => {
  const dir = fileURLToPath(new URL('../../../examples/', import.meta.url));
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(`${dir}${file}`, 'utf8'))) {
      const obj = doc.toJS() as KubeObject | null;
      if (!obj || !kindNamed(obj.kind)) continue;
      assert.deepEqual(unknownIn(obj), [], `${file} ${obj.kind}`);
      checked++;
    }
  }
  assert.ok(checked > 0);
});
