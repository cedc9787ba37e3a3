// What the pod log and exec handlers need from the apiserver: the relay to
// the agents (the one the gRPC front end uses too) and a logger.
import type { Logger } from '../../../client/logger.js';
import type { PodStreamRelay } from '../../streaming/pod-relay.js';

export interface PodStreamsDeps {
  relay: PodStreamRelay;
  log: Logger;
}
