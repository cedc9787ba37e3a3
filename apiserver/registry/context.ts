// What every registry operation needs: storage, key layout, event leases, a clock.
import type { Logger } from '../../client/logger.js';
import type { KeySpace } from '../storage/keys.js';
import type { LeasePool } from '../storage/lease-pool.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { WriteHooks } from './write-hooks.js';

export interface RegistryContext {
  store: ObjectStore;
  keys: KeySpace;
  eventLeases: LeasePool;
  log: Logger;
  /** Kinds whose writes carry side keys (Service allocations); none when absent. */
  writeHooks?: WriteHooks;
  /** Milliseconds since the epoch; replaceable in tests. */
  now: () => number;
}
