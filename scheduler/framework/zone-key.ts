// The failure domain a node sits in, as Kubernetes' GetZoneKey: region and
// zone labels together. Kept with the NodeInfo so spreading reads it per
// node without rebuilding the string for every pod.
import type { Node } from '../../api/types/index.js';

export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';

/** '' when the node has neither label. */
export function zoneKey(node: Node | undefined): string {
  const labels = node?.metadata.labels ?? {};
  const zone = labels[LABEL_ZONE] ?? '';
  const region = labels[LABEL_REGION] ?? '';
  return zone === '' && region === '' ? '' : `${region}:\x00:${zone}`;
}
