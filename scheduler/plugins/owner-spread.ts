// Spreads the pods of one controller (same controlling owner) across nodes
// and zones, as kube-scheduler's SelectorSpread: the fewer of its siblings a
// node (and its zone) already holds, the higher it scores; the zone counts
// for two thirds where nodes carry zone labels.
import type { Node } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/types.js';

export const OWNER_SPREAD = 'OwnerSpread';
export const OWNER_SPREAD_WEIGHT = 2;
export const ZONE_WEIGHTING = 2 / 3;
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';

/** Region and zone together, as Kubernetes' GetZoneKey; '' when the node has neither. */
export function zoneKey(node: Node | undefined): string {
  const labels = node?.metadata.labels ?? {};
  const zone = labels[LABEL_ZONE] ?? '';
  const region = labels[LABEL_REGION] ?? '';
  return zone === '' && region === '' ? '' : `${region}:\x00:${zone}`;
}

export function spreadNormalize(scores: number[], nodes: readonly NodeInfo[]): void {
  let maxByNode = 0;
  for (const s of scores) maxByNode = Math.max(maxByNode, s);
  const byZone = new Map<string, number>();
  const zones = nodes.map((n) => zoneKey(n.node));
  zones.forEach((z, i) => {
    if (z !== '') byZone.set(z, (byZone.get(z) ?? 0) + scores[i]!);
  });
  let maxByZone = 0;
  for (const c of byZone.values()) maxByZone = Math.max(maxByZone, c);
  for (let i = 0; i < scores.length; i++) {
    let f = maxByNode > 0 ? (MAX_NODE_SCORE * (maxByNode - scores[i]!)) / maxByNode : MAX_NODE_SCORE;
    const zone = zones[i]!;
    if (byZone.size > 0 && zone !== '') {
      const zoneScore = maxByZone > 0 ? (MAX_NODE_SCORE * (maxByZone - byZone.get(zone)!)) / maxByZone : MAX_NODE_SCORE;
      f = f * (1 - ZONE_WEIGHTING) + ZONE_WEIGHTING * zoneScore;
    }
    scores[i] = Math.floor(f);
  }
}

export const ownerSpread: ScorePlugin = {
  name: OWNER_SPREAD,
  weight: OWNER_SPREAD_WEIGHT,
  score(pod, node) {
    const owner = pod.ownerUid;
    return owner ? (node.ownerCounts.get(owner) ?? 0) : 0;
  },
  normalize(scores, nodes) {
    spreadNormalize(scores, nodes);
  },
};
