// The newest pod object and what the agent learned about it, shared by the
// parts of one pod's worker.
import type { Pod } from '../../api/types/index.js';

export interface PodRecord {
  pod: Pod;
  /** The sandbox's address (the host's for hostNetwork); empty until a sandbox runs. */
  podIP: string;
}
