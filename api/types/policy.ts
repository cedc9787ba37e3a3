// policy/v1: PodDisruptionBudget, the floor on voluntary disruptions of a set of pods.
import type { KubeObject, LabelSelector } from './meta.js';
import type { IntOrString } from './pod.js';

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  /** Null selects no pod; an empty selector selects every pod of the namespace. */
  selector?: LabelSelector | null;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** metav1.Condition, as the budget's DisruptionAllowed condition uses it. */
export interface MetaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pods an eviction was granted for, by name, with the time it was granted, until the pod is seen going. */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: MetaCondition[];
}

export interface PodDisruptionBudget extends KubeObject {
  apiVersion: 'policy/v1';
  kind: 'PodDisruptionBudget';
  spec: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}
