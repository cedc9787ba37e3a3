// Small builders for Node and Pod objects in scheduler tests and benchmarks.
import type { Container, Node, NodeCondition, Pod, PodSpec, Taint } from '../../api/types/index.js';

export interface NodeShape {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: NodeCondition['status'] | 'absent';
  extra?: Record<string, string>;
}

export function makeNode(name: string, shape: NodeShape = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: shape.cpu ?? '4',
    memory: shape.memory ?? '8Gi',
    pods: shape.pods ?? '110',
    ...(shape.extra ?? {}),
  };
  const conditions: NodeCondition[] = shape.ready === 'absent' ? [] : [{ type: 'Ready', status: shape.ready ?? 'True' }];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(shape.labels ?? {}) } },
    spec: { ...(shape.taints ? { taints: shape.taints } : {}), ...(shape.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: { ...allocatable }, allocatable, conditions },
  };
}

export interface PodShape {
  namespace?: string;
  cpu?: string;
  memory?: string;
  hostPort?: number;
  nodeName?: string;
  ownerUid?: string;
  priority?: number;
  spec?: Partial<PodSpec>;
  labels?: Record<string, string>;
}

export function makeContainer(name: string, requests: Record<string, string> = {}): Container {
  return { name, image: 'busybox', ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}) };
}

export function makePod(name: string, shape: PodShape = {}): Pod {
  const requests: Record<string, string> = {};
  if (shape.cpu) requests.cpu = shape.cpu;
  if (shape.memory) requests.memory = shape.memory;
  const container = makeContainer('app', requests);
  if (shape.hostPort) container.ports = [{ containerPort: 80, hostPort: shape.hostPort, protocol: 'TCP' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: shape.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: shape.labels ?? {},
      ...(shape.ownerUid
        ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: shape.ownerUid, controller: true }] }
        : {}),
    },
    spec: {
      containers: [container],
      ...(shape.nodeName ? { nodeName: shape.nodeName } : {}),
      ...(shape.priority !== undefined ? { priority: shape.priority } : {}),
      ...(shape.spec ?? {}),
    },
    status: { phase: 'Pending' },
  };
}
