// The `Pod Template:` section of the workload describers.
import type { PodTemplateSpec } from '../../api/types/pod.js';
import { writeContainers, writeVolumes } from './containers.js';
import { DescribeWriter, writeAnnotations, writeLabels } from './describe-writer.js';
import { writeTolerations } from './pod.js';

const TEMPLATE_INDENT = '  ';

export function writePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
  w.line(0, 'Pod Template:');
  if (!template) {
    w.line(1, '<unset>');
    return;
  }
  const spec = template.spec ?? { containers: [] };
  writeLabels(w, `${TEMPLATE_INDENT}Labels`, template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) {
    writeAnnotations(w, `${TEMPLATE_INDENT}Annotations`, template.metadata?.annotations);
  }
  if (spec.serviceAccountName) w.line(1, `Service Account:\t${spec.serviceAccountName}`);
  if ((spec.initContainers ?? []).length > 0) {
    writeContainers(w, 'Init Containers', spec.initContainers ?? [], undefined, TEMPLATE_INDENT);
  }
  writeContainers(w, 'Containers', spec.containers ?? [], undefined, TEMPLATE_INDENT);
  writeVolumes(w, spec.volumes, TEMPLATE_INDENT);
  if (spec.priorityClassName) w.line(1, `Priority Class Name:\t${spec.priorityClassName}`);
  writeLabels(w, `${TEMPLATE_INDENT}Node-Selectors`, spec.nodeSelector);
  writeTolerations(w, `${TEMPLATE_INDENT}Tolerations`, spec.tolerations);
}
