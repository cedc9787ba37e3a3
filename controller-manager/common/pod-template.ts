// A new pod from a workload's template, owned by the workload.
import type { KubeObject, Pod, PodTemplateSpec } from '../../api/types/index.js';
import { newControllerRef } from './controller-ref.js';

export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, generateName: string): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(owner)],
    },
    spec: structuredClone(template.spec),
  };
  if (meta.annotations && Object.keys(meta.annotations).length > 0) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
