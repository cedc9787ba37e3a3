// What every registry operation needs: storage, key layout, event leases, a clock.
import type { Logger } from '../../client/logger.js';
import type { EtcdStore } from '../storage/etcd-store.js';
import type { KeySpace } from '../storage/keys.js';
import type { LeasePool } from '../storage/lease-pool.js';

export interface RegistryContext {
  store: EtcdStore;
  keys: KeySpace;
  eventLeases: LeasePool;
  log: Logger;
  /** Milliseconds since the epoch; replaceable in tests. */
  now: () => number;
}
