import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { Event, Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { describeGeneric, describeNamespace, smartLabel } from './generic.js';
import { describeNode, podResources } from './node.js';
import { describePod, qosClass } from './pod.js';
import { describeDeployment, podCounts, replicaSetsText } from './workloads.js';
import { rfc1123z } from './describe-writer.js';
import { splitReplicaSets } from './index.js';

process.env.TZ = 'UTC';
const NOW = new Date('2026-03-01T12:00:00Z');

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    uid: 'u1',
    labels: { app: 'web', tier: 'front' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hello' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9', uid: 'rs1', controller: true }],
    creationTimestamp: '2026-03-01T11:00:00Z',
  },
  spec: {
    nodeName: 'node-a',
    serviceAccountName: 'default',
    containers: [
      {
        name: 'nginx',
        image: 'flotilla/nginx:1.22',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'demo' }, { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        readinessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  },
  status: {
    phase: 'Running',
    hostIP: '172.18.0.2',
    podIP: '10.88.0.5',
    podIPs: [{ ip: '10.88.0.5' }],
    startTime: '2026-03-01T11:00:01Z',
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
    containerStatuses: [
      {
        name: 'nginx',
        ready: true,
        restartCount: 1,
        image: 'flotilla/nginx:1.22',
        imageID: 'docker://sha256:abc',
        containerID: 'docker://123',
        state: { running: { startedAt: '2026-03-01T11:30:00Z' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-03-01T11:00:02Z', finishedAt: '2026-03-01T11:29:59Z' } },
      },
    ],
  },
};

const events: Event[] = [
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e2', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1' },
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    source: { component: 'agent' },
    firstTimestamp: '2026-03-01T11:10:00Z',
    lastTimestamp: '2026-03-01T11:59:00Z',
    count: 4,
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1' },
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-1 to node-a',
    source: { component: 'default-scheduler' },
    firstTimestamp: '2026-03-01T11:00:00Z',
    lastTimestamp: '2026-03-01T11:00:00Z',
    count: 1,
  },
];

test('RFC 1123 timestamps as kubectl prints them', () => {
  assert.equal(rfc1123z('2026-03-01T11:00:01Z'), 'Sun, 01 Mar 2026 11:00:01 +0000');
  assert.equal(rfc1123z(undefined), '<unset>');
});

test('describe pod: header block, container block, conditions, volumes, tolerations, events', () => {
  const text = describePod(pod, events, NOW);
  const expectedStart = [
    'Name:             web-1',
    'Namespace:        default',
    'Service Account:  default',
    'Node:             node-a/172.18.0.2',
    'Start Time:       Sun, 01 Mar 2026 11:00:01 +0000',
    'Labels:           app=web',
    '                  tier=front',
    'Annotations:      note: hello',
    'Status:           Running',
    'IP:               10.88.0.5',
    'IPs:',
    '  IP:           10.88.0.5',
    'Controlled By:  ReplicaSet/web-5d9',
    'Containers:',
    '  nginx:',
    '    Container ID:   docker://123',
    '    Image:          flotilla/nginx:1.22',
    '    Image ID:       docker://sha256:abc',
    '    Port:           80/TCP',
    '    Host Port:      0/TCP',
    '    State:          Running',
    '      Started:      Sun, 01 Mar 2026 11:30:00 +0000',
    '    Last State:     Terminated',
    '      Reason:       Error',
    '      Exit Code:    1',
    '      Started:      Sun, 01 Mar 2026 11:00:02 +0000',
    '      Finished:     Sun, 01 Mar 2026 11:29:59 +0000',
    '    Ready:          True',
    '    Restart Count:  1',
    '    Limits:',
    '      cpu:     500m',
    '      memory:  128Mi',
    '    Requests:',
    '      cpu:      250m',
    '      memory:   64Mi',
    '    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3',
    '    Environment:',
    '      MODE:  demo',
    '      POD:    (v1:metadata.name)',
    '    Mounts:',
    '      /data from data (rw)',
    'Conditions:',
    '  Type           Status',
    '  Ready          True ',
    '  PodScheduled   True ',
    'Volumes:',
    '  data:',
    '    Type:        EmptyDir (a temporary directory that shares a pod\'s lifetime)',
    '    Medium:      ',
    '    SizeLimit:   <unset>',
    'QoS Class:       Burstable',
    'Node-Selectors:  <none>',
    'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    'Events:',
    '  Type     Reason     Age                From               Message',
    '  ----     ------     ----               ----               -------',
    '  Normal   Scheduled  60m                default-scheduler  Successfully assigned default/web-1 to node-a',
    '  Warning  BackOff    60s (x4 over 50m)  agent              Back-off restarting failed container',
    '',
  ];
  assert.equal(text, expectedStart.join('\n'));
});

test('describe pod: terminating pods say how long, pods without containers statuses keep the spec lines', () => {
  const deleting: Pod = structuredClone(pod);
  deleting.metadata.deletionTimestamp = '2026-03-01T11:59:30Z';
  deleting.metadata.deletionGracePeriodSeconds = 30;
  delete deleting.status!.containerStatuses;
  const text = describePod(deleting, [], NOW);
  assert.match(text, /^Status:\s+Terminating \(lasts 30s\)$/m);
  assert.match(text, /^Termination Grace Period:\s+30s$/m);
  assert.doesNotMatch(text, /Container ID/);
  assert.match(text, /^Events:\s+<none>$/m);
});

test('QoS class', () => {
  assert.equal(qosClass({ ...pod, status: {} }), 'Burstable');
  const guaranteed: Pod = structuredClone(pod);
  guaranteed.status = {};
  guaranteed.spec.containers[0].resources = { limits: { cpu: '1', memory: '1Gi' } };
  assert.equal(qosClass(guaranteed), 'Guaranteed');
  guaranteed.spec.containers[0].resources = {};
  assert.equal(qosClass(guaranteed), 'BestEffort');
});

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd1', creationTimestamp: '2026-03-01T11:00:00Z', labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.22', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
  },
  status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
};

function rs(name: string, image: string, replicas: number, created: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': name.split('-')[1] } }, spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
    },
    status: { replicas },
  };
}

test('describe deployment: replicas line, strategy, template, conditions, replica sets', () => {
  const current = rs('web-new', 'nginx:1.22', 3, '2026-03-01T11:30:00Z');
  const old = rs('web-old', 'nginx:1.21', 1, '2026-03-01T11:00:00Z');
  const sets = splitReplicaSets(deployment, [current, old, rs('web-gone', 'nginx:1.20', 0, '2026-03-01T10:00:00Z')]);
  assert.equal(sets.current, current);
  assert.deepEqual(sets.old, [old]);
  const text = describeDeployment(deployment, sets, [], NOW);
  assert.match(text, /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 2 available \| 1 unavailable$/m);
  assert.match(text, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
  assert.match(text, /^Pod Template:\n  Labels:  app=web\n  Containers:\n   nginx:\n    Image:\s+nginx:1\.22\n    Port:\s+80\/TCP$/m);
  assert.match(text, /^Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable$/m);
  assert.match(text, /^OldReplicaSets:\s+web-old \(1\/1 replicas created\)$/m);
  assert.match(text, /^NewReplicaSet:\s+web-new \(3\/3 replicas created\)$/m);
  assert.match(text, /^Events:\s+<none>\n$/m);
  assert.equal(replicaSetsText([]), '<none>');
});

test('Pods Status counts only the pods the controller owns', () => {
  const owned = (phase: 'Running' | 'Pending' | 'Failed', uid: string): Pod => ({
    ...pod,
    metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid, controller: true }] },
    status: { phase },
  });
  assert.deepEqual(podCounts([owned('Running', 'a'), owned('Pending', 'a'), owned('Failed', 'a'), owned('Running', 'b')], 'a'), {
    running: 1,
    waiting: 1,
    succeeded: 0,
    failed: 1,
  });
});

test('describe node: conditions, capacity, system info, pods and allocated resources', () => {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a', uid: 'n1', creationTimestamp: '2026-03-01T10:00:00Z', labels: { 'kubernetes.io/hostname': 'node-a' } },
    spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    status: {
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'AgentReady', message: 'agent is posting ready status', lastHeartbeatTime: '2026-03-01T11:59:50Z', lastTransitionTime: '2026-03-01T10:00:05Z' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-a' }],
      nodeInfo: { kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'docker://20.10.24', kubeletVersion: 'flotilla-0.1.0' },
    },
  };
  const text = describeNode(node, [pod], undefined, [], NOW);
  assert.match(text, /^Roles:\s+<none>$/m);
  assert.match(text, /^Taints:\s+node\.kubernetes\.io\/unschedulable:NoSchedule$/m);
  assert.match(text, /^Unschedulable:\s+true$/m);
  assert.match(text, /^  Ready   True    Sun, 01 Mar 2026 11:59:50 \+0000   Sun, 01 Mar 2026 10:00:05 \+0000   AgentReady   agent is posting ready status$/m);
  assert.match(text, /^  InternalIP:\s+172\.18\.0\.2$/m);
  assert.match(text, /^Capacity:\n  cpu:\s+2\n  memory:\s+4Gi\n  pods:\s+110$/m);
  assert.match(text, /^  Kernel Version:\s+6\.1\.0$/m);
  assert.match(text, /^Non-terminated Pods:\s+\(1 in total\)$/m);
  assert.match(text, /^  default\s+web-1\s+250m \(12%\)\s+500m \(25%\)\s+64Mi \(1%\)\s+128Mi \(3%\)\s+60m$/m);
  assert.match(text, /^  cpu\s+250m \(12%\)\s+500m \(25%\)$/m);
  assert.deepEqual(podResources(pod), { cpuRequests: 250, cpuLimits: 500, memoryRequests: 64 * 1024 * 1024, memoryLimits: 128 * 1024 * 1024 });
});

test('generic describe spells out fields; namespaces have their own layout', () => {
  assert.equal(smartLabel('holderIdentity'), 'Holder Identity');
  assert.equal(smartLabel('apiVersion'), 'API Version');
  assert.equal(smartLabel('podIP'), 'Pod IP');
  const text = describeGeneric(
    { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-a', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40 } },
    [],
    NOW,
  );
  assert.match(text, /^API Version:\s+coordination\.k8s\.io\/v1$/m);
  assert.match(text, /^Spec:\n  Holder Identity:\s+node-a\n  Lease Duration Seconds:\s+40$/m);
  assert.equal(
    describeNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, status: { phase: 'Active' } }),
    'Name:         shop\nLabels:       <none>\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
  );
});
