// Kubernetes' replica calculation for a Resource metric at a target
// utilization: usage over requests of the ready pods with metrics, a 10%
// tolerance, and the missing-metric and not-ready-pod handling that keeps a
// scale from overshooting (missing pods count as 100% when scaling down and
// 0% when scaling up; not-ready pods count as 0% when scaling up).
export const TOLERANCE = 0.1;

export interface PodSample {
  name: string;
  /** Sum of the containers' requests of the resource, in milli-units; undefined names a container without one. */
  requestMilli: number | undefined;
  /** A container without a request, for the error message. */
  containerWithoutRequest?: string;
  ready: boolean;
  /** Usage in milli-units from the metrics API; undefined when the pod has none. */
  usageMilli: number | undefined;
}

export interface Recommendation {
  replicas: number;
  /** Average utilization (percent of request) over the pods that reported metrics. */
  utilization: number;
}

export class MissingRequestError extends Error {}

export class NoMetricsError extends Error {}

export function replicasForUtilization(pods: readonly PodSample[], resource: string, targetUtilization: number, currentReplicas: number): Recommendation {
  if (pods.length === 0) throw new NoMetricsError('no pods returned by selector while calculating replica count');
  const lacking = pods.find((p) => p.requestMilli === undefined);
  if (lacking) throw new MissingRequestError(`missing request for ${resource} in container ${lacking.containerWithoutRequest ?? ''} of Pod ${lacking.name}`);
  const counted = pods.filter((p) => p.ready && p.usageMilli !== undefined);
  const missing = pods.filter((p) => p.usageMilli === undefined);
  const unready = pods.filter((p) => !p.ready && p.usageMilli !== undefined);
  if (counted.length === 0 && missing.length === pods.length) throw new NoMetricsError(`did not receive metrics for targeted pods (pods might be unready)`);
  const sum = (list: readonly PodSample[], f: (p: PodSample) => number): number => list.reduce((acc, p) => acc + f(p), 0);
  const requests = sum(counted, (p) => p.requestMilli ?? 0);
  const usage = sum(counted, (p) => p.usageMilli ?? 0);
  const utilization = requests > 0 ? (usage * 100) / requests : 0;
  const ratio = utilization / targetUtilization;
  const rebalance = missing.length > 0 || (ratio > 1 && unready.length > 0);
  if (!rebalance) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return { replicas: currentReplicas, utilization: Math.round(utilization) };
    return { replicas: Math.ceil(ratio * counted.length), utilization: Math.round(utilization) };
  }
  // Missing pods count as fully used when scaling down and idle when scaling up.
  let allRequests = requests + sum(missing, (p) => p.requestMilli ?? 0);
  let allUsage = usage + (ratio < 1 ? sum(missing, (p) => p.requestMilli ?? 0) : 0);
  let podCount = counted.length + missing.length;
  if (ratio > 1) {
    allRequests += sum(unready, (p) => p.requestMilli ?? 0);
    podCount += unready.length;
  }
  const newRatio = allRequests > 0 ? (allUsage * 100) / allRequests / targetUtilization : 0;
  allUsage = 0;
  if (Math.abs(1 - newRatio) <= TOLERANCE || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
    return { replicas: currentReplicas, utilization: Math.round(utilization) };
  }
  const replicas = Math.ceil(newRatio * podCount);
  // Never scale in the direction opposite to the one the metrics point.
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return { replicas: currentReplicas, utilization: Math.round(utilization) };
  return { replicas, utilization: Math.round(utilization) };
}
