// Spreads the pods of one controller (same controlling owner) across nodes
// and zones, as kube-scheduler's SelectorSpread: the fewer of its siblings a
// node (and its zone) already holds, the higher it scores; the zone counts
// for two thirds where nodes carry zone labels.
import type { NodeInfo } from '../framework/node-info.js';
import { MAX_NODE_SCORE, UniformScore, type ScorePlugin } from '../framework/types.js';

export const OWNER_SPREAD = 'OwnerSpread';
export const OWNER_SPREAD_WEIGHT = 2;
export const ZONE_WEIGHTING = 2 / 3;
export function spreadNormalize(scores: number[], nodes: readonly NodeInfo[]): void {
  let maxByNode = 0;
  for (const s of scores) maxByNode = Math.max(maxByNode, s);
  const byZone = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const z = nodes[i]!.zoneKey;
    if (z !== '') byZone.set(z, (byZone.get(z) ?? 0) + scores[i]!);
  }
  let maxByZone = 0;
  for (const c of byZone.values()) maxByZone = Math.max(maxByZone, c);
  for (let i = 0; i < scores.length; i++) {
    let f = maxByNode > 0 ? (MAX_NODE_SCORE * (maxByNode - scores[i]!)) / maxByNode : MAX_NODE_SCORE;
    const zone = nodes[i]!.zoneKey;
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
  // No owner: no siblings anywhere, and no siblings normalizes to the best score on every node.
  preScore(pod) {
    return pod.ownerUid ? undefined : new UniformScore(MAX_NODE_SCORE);
  },
  score(pod, node) {
    const owner = pod.ownerUid;
    return owner ? (node.ownerCounts.get(owner) ?? 0) : 0;
  },
  normalize(scores, nodes) {
    spreadNormalize(scores, nodes);
  },
};
