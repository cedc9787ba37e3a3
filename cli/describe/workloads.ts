// kubectl describe for the apps/v1 workloads.
import { formatLabels } from '../../api/tables/cells.js';
import { formatLabelSelector } from '../../api/labels/label-selector.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet, WorkloadCondition } from '../../api/types/apps.js';
import type { LabelSelector } from '../../api/types/meta.js';
import type { Event } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { DescribeWriter, rfc1123z, writeAnnotations, writeEvents, writeLabels } from './describe-writer.js';
import { controllerOf } from './pod.js';
import { writePodTemplate } from './pod-template.js';

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** Phases of the pods this controller (by uid) controls, as `Pods Status` counts them. */
export function podCounts(pods: readonly Pod[], controllerUid: string | undefined): PodCounts {
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
    if (!owner || owner.uid !== controllerUid) continue;
    if (pod.status?.phase === 'Running') counts.running++;
    else if (pod.status?.phase === 'Pending') counts.waiting++;
    else if (pod.status?.phase === 'Succeeded') counts.succeeded++;
    else if (pod.status?.phase === 'Failed') counts.failed++;
  }
  return counts;
}

function podsStatus(c: PodCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

function selectorOrNone(selector: LabelSelector | undefined): string {
  return formatLabelSelector(selector);
}

function writeConditions(w: DescribeWriter, conditions: readonly WorkloadCondition[] | undefined): void {
  if (!conditions || conditions.length === 0) return;
  w.line(0, 'Conditions:');
  w.line(1, 'Type\tStatus\tReason');
  w.line(1, '----\t------\t------');
  for (const c of conditions) w.line(1, `${c.type} \t${c.status}\t${c.reason ?? ''}`);
}

/** `web-5d9c7b (3/3 replicas created)`, comma-separated, or `<none>`. */
export function replicaSetsText(sets: readonly ReplicaSet[]): string {
  if (sets.length === 0) return '<none>';
  return sets.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
}

export interface DeploymentReplicaSets {
  old: ReplicaSet[];
  current: ReplicaSet | undefined;
}

export function describeDeployment(d: Deployment, sets: DeploymentReplicaSets | undefined, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const status = d.status ?? {};
  w.line(0, `Name:\t${d.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${d.metadata.namespace ?? ''}`);
  w.line(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}`);
  writeLabels(w, 'Labels', d.metadata.labels);
  writeAnnotations(w, 'Annotations', d.metadata.annotations);
  w.line(0, `Selector:\t${selectorOrNone(d.spec?.selector)}`);
  w.line(
    0,
    `Replicas:\t${d.spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ` +
      `${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable`,
  );
  w.line(0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}`);
  w.line(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}`);
  const rolling = d.spec?.strategy?.rollingUpdate;
  if (rolling) {
    w.line(0, `RollingUpdateStrategy:\t${rolling.maxUnavailable ?? ''} max unavailable, ${rolling.maxSurge ?? ''} max surge`);
  }
  writePodTemplate(w, d.spec?.template);
  writeConditions(w, status.conditions);
  if (sets) {
    w.line(0, `OldReplicaSets:\t${replicaSetsText(sets.old)}`);
    w.line(0, `NewReplicaSet:\t${replicaSetsText(sets.current ? [sets.current] : [])}`);
  }
  writeEvents(w, events, now);
  return w.toString();
}

export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${rs.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${rs.metadata.namespace ?? ''}`);
  w.line(0, `Selector:\t${selectorOrNone(rs.spec?.selector)}`);
  writeLabels(w, 'Labels', rs.metadata.labels);
  writeAnnotations(w, 'Annotations', rs.metadata.annotations);
  const controller = controllerOf(rs);
  if (controller) w.line(0, `Controlled By:\t${controller}`);
  w.line(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired`);
  w.line(0, `Pods Status:\t${podsStatus(podCounts(pods, rs.metadata.uid))}`);
  writePodTemplate(w, rs.spec?.template);
  writeConditions(w, rs.status?.conditions);
  writeEvents(w, events, now);
  return w.toString();
}

export function describeDaemonSet(ds: DaemonSet, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const status = ds.status;
  w.line(0, `Name:\t${ds.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${ds.metadata.namespace ?? ''}`);
  w.line(0, `Selector:\t${selectorOrNone(ds.spec?.selector)}`);
  w.line(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}`);
  writeLabels(w, 'Labels', ds.metadata.labels);
  writeAnnotations(w, 'Annotations', ds.metadata.annotations);
  w.line(0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}`);
  w.line(0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}`);
  w.line(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}`);
  w.line(0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}`);
  w.line(0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}`);
  w.line(0, `Pods Status:\t${podsStatus(podCounts(pods, ds.metadata.uid))}`);
  writePodTemplate(w, ds.spec?.template);
  writeEvents(w, events, now);
  return w.toString();
}

export function describeStatefulSet(sts: StatefulSet, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${sts.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${sts.metadata.namespace ?? ''}`);
  w.line(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}`);
  w.line(0, `Selector:\t${selectorOrNone(sts.spec?.selector)}`);
  writeLabels(w, 'Labels', sts.metadata.labels);
  writeAnnotations(w, 'Annotations', sts.metadata.annotations);
  w.line(0, `Replicas:\t${sts.spec?.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total`);
  w.line(0, `Update Strategy:\t${sts.spec?.updateStrategy?.type ?? ''}`);
  const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition;
  if (partition !== undefined) {
    w.line(1, `Partition:\t${partition}`);
    const maxUnavailable = sts.spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
    if (maxUnavailable !== undefined) w.line(1, `MaxUnavailable:\t${maxUnavailable}`);
  }
  w.line(0, `Pods Status:\t${podsStatus(podCounts(pods, sts.metadata.uid))}`);
  writePodTemplate(w, sts.spec?.template);
  w.line(0, `Volume Claims:\t${(sts.spec?.volumeClaimTemplates ?? []).length === 0 ? '<none>' : `${sts.spec?.volumeClaimTemplates?.length} template(s)`}`);
  writeEvents(w, events, now);
  return w.toString();
}
