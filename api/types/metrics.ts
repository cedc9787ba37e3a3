// metrics.k8s.io/v1beta1: the resource usage metrics-server serves, computed
// on request from the agents' samples and never stored.
import type { ObjectMeta } from './meta.js';

/** `cpu` in nanocores ("12345n"), `memory` in binary bytes ("2048Ki"). */
export interface ResourceUsage {
  cpu: string;
  memory: string;
}

export interface NodeMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'NodeMetrics';
  metadata: ObjectMeta;
  /** The end of the window the usage was measured over. */
  timestamp: string;
  /** A Go duration: "15s". */
  window: string;
  usage: ResourceUsage;
}

export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'PodMetrics';
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface MetricsList<T> {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'NodeMetricsList' | 'PodMetricsList';
  metadata: Record<string, never>;
  items: T[];
}
