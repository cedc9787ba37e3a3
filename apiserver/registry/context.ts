// What every registry operation needs: storage, key layout, event leases, a clock.
import type { Logger } from '../../client/logger.js';
import type { KeySpace } from '../storage/keys.js';
import type { LeasePool } from '../storage/lease-pool.js';
import type { ObjectStore } from '../storage/object-store.js';

export interface RegistryContext {
  store: ObjectStore;
  keys: KeySpace;
  eventLeases: LeasePool;
  log: Logger;
  /** Milliseconds since the epoch; replaceable in tests. */
  now: () => number;
}
