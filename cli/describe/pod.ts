// kubectl describe pod.
import { timestampSince } from '../../api/tables/duration.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Event } from '../../api/types/node.js';
import type { Container, Pod, Toleration } from '../../api/types/pod.js';
import { writeContainers, writeVolumes } from './containers.js';
import { DescribeWriter, rfc1123z, writeAnnotations, writeEvents, writeLabels } from './describe-writer.js';

/** `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, one per line. */
export function writeTolerations(w: DescribeWriter, title: string, tolerations: readonly Toleration[] | undefined): void {
  const list = tolerations ?? [];
  if (list.length === 0) {
    w.line(0, `${title}:\t<none>`);
    return;
  }
  list.forEach((t, i) => {
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
    w.line(0, `${i === 0 ? `${title}:` : ''}\t${text}`);
  });
}

export function controllerOf(obj: KubeObject): string {
  const owner = (obj.metadata.ownerReferences ?? []).find((o) => o.controller);
  return owner ? `${owner.kind}/${owner.name}` : '';
}

function hasResources(containers: readonly Container[]): { any: boolean; guaranteed: boolean } {
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length > 0 || Object.keys(requests).length > 0) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      if (!limit || (requests[resource] !== undefined && requests[resource] !== limit)) guaranteed = false;
    }
  }
  return { any, guaranteed };
}

/** The pod's QoS class as reported, else worked out as Kubernetes does in the common cases. */
export function qosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const { any, guaranteed } = hasResources([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]);
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  w.line(0, `Name:\t${pod.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${pod.metadata.namespace ?? ''}`);
  if (spec.priority !== undefined) w.line(0, `Priority:\t${spec.priority}`);
  if (spec.priorityClassName) w.line(0, `Priority Class Name:\t${spec.priorityClassName}`);
  w.line(0, `Service Account:\t${spec.serviceAccountName ?? ''}`);
  w.line(0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>'}`);
  if (status.startTime) w.line(0, `Start Time:\t${rfc1123z(status.startTime)}`);
  writeLabels(w, 'Labels', pod.metadata.labels);
  writeAnnotations(w, 'Annotations', pod.metadata.annotations);
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && !terminal) {
    w.line(0, `Status:\tTerminating (lasts ${timestampSince(pod.metadata.deletionTimestamp, now)})`);
    w.line(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    w.line(0, `Status:\t${status.phase ?? ''}`);
  }
  if (status.reason) w.line(0, `Reason:\t${status.reason}`);
  if (status.message) w.line(0, `Message:\t${status.message.trim()}`);
  w.line(0, `IP:\t${status.podIP ?? ''}`);
  const ips = status.podIPs ?? (status.podIP ? [{ ip: status.podIP }] : []);
  if (ips.length === 0) {
    w.line(0, 'IPs:\t<none>');
  } else {
    w.line(0, 'IPs:');
    for (const ip of ips) w.line(1, `IP:\t${ip.ip}`);
  }
  const nominated = status.nominatedNodeName as string | undefined;
  if (nominated) w.line(0, `NominatedNodeName:\t${nominated}`);
  const controller = controllerOf(pod);
  if (controller) w.line(0, `Controlled By:\t${controller}`);
  if ((spec.initContainers ?? []).length > 0) {
    writeContainers(w, 'Init Containers', spec.initContainers ?? [], status.initContainerStatuses ?? []);
  }
  writeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? []);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type\tStatus');
    for (const c of conditions) w.line(1, `${c.type} \t${c.status} `);
  }
  writeVolumes(w, spec.volumes);
  w.line(0, `QoS Class:\t${qosClass(pod)}`);
  writeLabels(w, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, 'Tolerations', spec.tolerations);
  writeEvents(w, events, now);
  return w.toString();
}
