// Which API updates of a pod give its worker something to do. The agent is
// the source of its pods' status, so an update that changes only the status
// (the echo of its own status write, mostly) is taken in without a sync, as
// the kubelet's pod config does: a sync would read the engine to find the
// pod as it left it.
import { deepEqual as same } from '../../api/json-value.js';
import type { Pod } from '../../api/types/index.js';

/** The spec, or what of the metadata a pod's containers see or its deletion reads, changed. */
export function podNeedsSync(old: Pod, cur: Pod): boolean {
  return !(
    same(old.spec, cur.spec) &&
    same(old.metadata.labels, cur.metadata.labels) &&
    same(old.metadata.annotations, cur.metadata.annotations) &&
    old.metadata.deletionTimestamp === cur.metadata.deletionTimestamp &&
    old.metadata.deletionGracePeriodSeconds === cur.metadata.deletionGracePeriodSeconds &&
    old.metadata.uid === cur.metadata.uid
  );
}
