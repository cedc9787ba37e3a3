// kubectl describe for the storage kinds: a claim with the pods that use it
// (`Used By`), a volume with its claim, node affinity and source, a class with
// its provisioner and binding mode; each with kubectl's labels and order.
import { accessModesText } from '../../api/storage/access-modes.js';
import { isDefaultStorageClass } from '../../api/storage/default-class.js';
import { podClaimNames } from '../../api/storage/pod-claims.js';
import { claimClass, volumeClass } from '../../api/storage/volume-matching.js';
import type { Event } from '../../api/types/node.js';
import type { NodeSelectorTerm, Pod } from '../../api/types/pod.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { DescribeWriter, orNone, writeAnnotations, writeEvents, writeLabels } from './describe-writer.js';

function writeFinalizers(w: DescribeWriter, finalizers: readonly string[] | undefined): void {
  w.line(0, `Finalizers:\t[${(finalizers ?? []).join(' ')}]`);
}

/** The pods among `pods` that name the claim in a volume, as kubectl's getPodsForPVC. */
export function podsUsingClaim(claim: PersistentVolumeClaim, pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.metadata.namespace === claim.metadata.namespace && podClaimNames(p).includes(claim.metadata.name ?? ''));
}

function writeUsedBy(w: DescribeWriter, pods: readonly Pod[]): void {
  if (pods.length === 0) {
    w.line(0, 'Used By:\t<none>');
    return;
  }
  pods.forEach((p, i) => w.line(0, `${i === 0 ? 'Used By:' : ''}\t${p.metadata.name ?? ''}`));
}

export function describePersistentVolumeClaim(claim: PersistentVolumeClaim, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const bound = claim.status?.phase === 'Bound';
  w.line(0, `Name:\t${claim.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${claim.metadata.namespace ?? ''}`);
  w.line(0, `StorageClass:\t${claimClass(claim)}`);
  if (claim.metadata.deletionTimestamp) w.line(0, `Status:\tTerminating (lasts ${claim.metadata.deletionTimestamp})`);
  else w.line(0, `Status:\t${claim.status?.phase ?? ''}`);
  w.line(0, `Volume:\t${claim.spec?.volumeName ?? ''}`);
  writeLabels(w, 'Labels', claim.metadata.labels);
  writeAnnotations(w, 'Annotations', claim.metadata.annotations);
  writeFinalizers(w, claim.metadata.finalizers);
  w.line(0, `Capacity:\t${bound ? (claim.status?.capacity?.storage ?? '') : ''}`);
  w.line(0, `Access Modes:\t${bound ? accessModesText(claim.status?.accessModes) : ''}`);
  if (claim.spec?.volumeMode) w.line(0, `VolumeMode:\t${claim.spec.volumeMode}`);
  writeUsedBy(w, podsUsingClaim(claim, pods));
  writeEvents(w, events, now);
  return w.toString();
}

function termText(term: NodeSelectorTerm): string {
  const parts = [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])].map((e) => {
    const op = e.operator === 'In' || e.operator === 'NotIn' ? e.operator.toLowerCase() : e.operator;
    return e.values && e.values.length > 0 ? `${e.key} ${op} [${e.values.join(', ')}]` : `${e.key} ${op}`;
  });
  return parts.length > 0 ? parts.join(', ') : '<none>';
}

function writeNodeAffinity(w: DescribeWriter, volume: PersistentVolume): void {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) {
    w.line(0, 'Node Affinity:\t<none>');
    return;
  }
  w.line(0, 'Node Affinity:\t');
  w.line(1, 'Required Terms:\t');
  terms.forEach((term, i) => w.line(2, `Term ${i}:\t${termText(term)}`));
}

function writeSource(w: DescribeWriter, volume: PersistentVolume): void {
  w.line(0, 'Source:');
  const spec = volume.spec ?? {};
  if (spec.hostPath) {
    w.line(1, 'Type:\tHostPath (bare host directory volume)');
    w.line(1, `Path:\t${spec.hostPath.path}`);
    w.line(1, `HostPathType:\t${spec.hostPath.type ?? ''}`);
  } else if (spec.local) {
    w.line(1, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)');
    w.line(1, `Path:\t${spec.local.path}`);
  } else {
    w.line(1, 'Type:\t<unknown>');
  }
}

export function describePersistentVolume(volume: PersistentVolume, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const spec = volume.spec ?? {};
  w.line(0, `Name:\t${volume.metadata.name ?? ''}`);
  writeLabels(w, 'Labels', volume.metadata.labels);
  writeAnnotations(w, 'Annotations', volume.metadata.annotations);
  writeFinalizers(w, volume.metadata.finalizers);
  w.line(0, `StorageClass:\t${volumeClass(volume)}`);
  if (volume.metadata.deletionTimestamp) w.line(0, `Status:\tTerminating (lasts ${volume.metadata.deletionTimestamp})`);
  else w.line(0, `Status:\t${volume.status?.phase ?? ''}`);
  const ref = spec.claimRef;
  w.line(0, `Claim:\t${ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : ''}`);
  w.line(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}`);
  w.line(0, `Access Modes:\t${accessModesText(spec.accessModes)}`);
  w.line(0, `VolumeMode:\t${spec.volumeMode ?? ''}`);
  w.line(0, `Capacity:\t${spec.capacity?.storage ?? ''}`);
  writeNodeAffinity(w, volume);
  w.line(0, `Message:\t${volume.status?.message ?? ''}`);
  writeSource(w, volume);
  writeEvents(w, events, now);
  return w.toString();
}

function writeList(w: DescribeWriter, title: string, items: readonly string[]): void {
  w.line(0, `${title}:\t${items.length > 0 ? items.join(',') : '<none>'}`);
}

export function describeStorageClass(cls: StorageClass, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${cls.metadata.name ?? ''}`);
  w.line(0, `IsDefaultClass:\t${isDefaultStorageClass(cls) ? 'Yes' : 'No'}`);
  const annotations = Object.entries(cls.metadata.annotations ?? {}).map(([k, v]) => `${k}=${v}`);
  w.line(0, `Annotations:\t${annotations.join(',')}`);
  w.line(0, `Provisioner:\t${cls.provisioner}`);
  writeList(w, 'Parameters', Object.entries(cls.parameters ?? {}).map(([k, v]) => `${k}=${v}`));
  w.line(0, `AllowVolumeExpansion:\t${cls.allowVolumeExpansion === undefined ? '<unset>' : cls.allowVolumeExpansion ? 'True' : 'False'}`);
  writeList(w, 'MountOptions', cls.mountOptions ?? []);
  w.line(0, `ReclaimPolicy:\t${orNone(cls.reclaimPolicy)}`);
  w.line(0, `VolumeBindingMode:\t${orNone(cls.volumeBindingMode)}`);
  writeEvents(w, events, now);
  return w.toString();
}
