// Valid objects of every kind for the unit tests, and helpers that run a
// strategy the way the apiserver does (defaults first, then validation).
import { formatFieldError, type FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import type { KindStrategy } from './kind-definition.js';
import { kindNamed } from './registry.js';

/** The strategy of a served kind; throws for a kind that is not served. */
export function strategyOf(kind: string): KindStrategy {
  const definition = kindNamed(kind);
  if (!definition) throw new Error(`no kind ${kind}`);
  return definition.strategy;
}

export function messages(errs: FieldError[]): string[] {
  return errs.map(formatFieldError);
}

export function defaulted<T extends KubeObject>(obj: T): T {
  const copy = structuredClone(obj);
  strategyOf(copy.kind).applyDefaults(copy);
  return copy;
}

/** Defaults then validate, as on create; returns the formatted errors. */
export function createErrors(obj: KubeObject): string[] {
  return messages(strategyOf(obj.kind).validate(defaulted(obj)));
}

/** Defaults the new object, then validateUpdate against the (defaulted) old one. */
export function updateErrors(next: KubeObject, old: KubeObject): string[] {
  return messages(strategyOf(next.kind).validateUpdate(defaulted(next), defaulted(old)));
}

export function statusErrors(next: KubeObject, old: KubeObject): string[] {
  return messages(strategyOf(next.kind).validateStatusUpdate(defaulted(next), defaulted(old)));
}

export function podFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', uid: 'u-1', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 80 }] }] },
  };
}

function template(): Record<string, unknown> {
  return {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
  };
}

function workload(kind: string, extraSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'default', uid: 'u-2' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...extraSpec },
  };
}

export const deploymentFixture = (): KubeObject => workload('Deployment', { replicas: 3 });
export const replicaSetFixture = (): KubeObject => workload('ReplicaSet', { replicas: 2 });
export const daemonSetFixture = (): KubeObject => workload('DaemonSet');
export const statefulSetFixture = (): KubeObject => workload('StatefulSet', { serviceName: 'web', replicas: 2 });

export function namespaceFixture(): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };
}

export function nodeFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1.example.com' },
    spec: {},
    status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } },
  };
}

export function eventFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-0.17a1b2c3', namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'default', uid: 'u-1' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-0 to node-1',
    source: { component: 'default-scheduler' },
  };
}

export function configMapFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: 'default' },
    data: { 'nginx.conf': 'server { listen 80; }', LOG_LEVEL: 'info' },
    binaryData: { 'logo.png': 'iVBORw0KGgo=' },
  };
}

export function secretFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-credentials', namespace: 'default' },
    data: { username: 'YWRtaW4=', password: 'czNjcjN0' },
  };
}

export function serviceAccountFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder', namespace: 'default' },
    secrets: [{ name: 'builder-token' }],
    imagePullSecrets: [{ name: 'registry' }],
    automountServiceAccountToken: false,
  };
}

export function leaseFixture(): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, leaseTransitions: 0 },
  };
}

function jobTemplatePod(): Record<string, unknown> {
  return { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'exit 0'] }] } };
}

export function jobFixture(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'u-job' },
    spec: { completions: 3, parallelism: 2, template: jobTemplatePod() },
  };
}

export function cronJobFixture(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'default', uid: 'u-cj' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: jobTemplatePod() } } },
  };
}

export function serviceFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function endpointsFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '10.244.0.5', nodeName: 'node-1' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
}

export function endpointSliceFixture(): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true }, nodeName: 'node-1' }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

export function podDisruptionBudgetFixture(): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default', uid: 'u-pdb' },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
  };
}

export function horizontalPodAutoscalerFixture(): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'my-hpa', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'my-deployment' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

export function persistentVolumeFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-data', uid: 'u-pv' },
    spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: '/srv/data' } },
  };
}

export function persistentVolumeClaimFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'my-data-claim', namespace: 'default', uid: 'u-pvc' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' },
  };
}

export function storageClassFixture(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', uid: 'u-sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'flotilla.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

export function roleFixture(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pod-reader', namespace: 'default', uid: 'u-role' },
    rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['web'] }],
  };
}

export function clusterRoleFixture(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'monitoring', uid: 'u-clusterrole' },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }] },
    rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }],
  };
}

export function roleBindingFixture(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read-pods', namespace: 'default', uid: 'u-rolebinding' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
    ],
  };
}

export function clusterRoleBindingFixture(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'ops-admins', uid: 'u-crb' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }],
  };
}

export function resourceQuotaFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'default' },
    spec: { hard: { pods: '3', 'requests.cpu': '1', 'limits.memory': '1Gi', 'count/deployments.apps': '2' } },
    status: { hard: { pods: '3' }, used: { pods: '1' } },
  };
}

export function limitRangeFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: 'default' },
    spec: {
      limits: [
        { type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' }, min: { cpu: '50m' }, maxLimitRequestRatio: { cpu: '10' } },
        { type: 'Pod', max: { memory: '1Gi' } },
      ],
    },
  };
}

/** A node's client certificate request (EC P-256, CN=system:node:n9, O=system:nodes), made with openssl. */
export const NODE_CSR_PEM_BASE64 =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIc01JR1NBZ0VBTURBeEZUQVRCZ05WQkFvTURITjVjM1JsYlRwdWIyUmxjekVYTUJVR0ExVUVBd3dPYzNsegpkR1Z0T201dlpHVTZiamt3V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPUFFNQkJ3TkNBQVJvUlBHcm5DWGxPZGwxCisvb2o5UmZuZW9tY0xkRTQxQ2RoR213ZnhPb3AwME1jaEJ2YWx5L05oSUoyOFpJZkVXaytQdUlqZE1yRGZHY3oKcTlpanZOTlhvQUF3Q2dZSUtvWkl6ajBFQXdJRFNRQXdSZ0loQUo3MHE5QmFBa3VKL01Qclg0WlR2cmhLUkNCYwpobmQrbHg2ZExSektPa253QWlFQXE2bWRzRlpNMUUrTXBwMlc2dGFzcnZ3QXE4VmMvVHowQWk0ZS9kQlh6UTg9Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=';

export function certificateSigningRequestFixture(): KubeObject {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'node-csr-n9', uid: 'u-csr' },
    spec: {
      request: NODE_CSR_PEM_BASE64,
      signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
      usages: ['digital signature', 'client auth'],
      expirationSeconds: 86400,
      username: 'system:bootstrap:abcdef',
      groups: ['system:bootstrappers', 'system:authenticated'],
    },
  };
}
