// What every registry operation needs: storage, key layout, event leases, a clock.
import type { Logger } from '../../client/logger.js';
import type { KeySpace } from '../storage/keys.js';
import type { LeasePool } from '../storage/lease-pool.js';
import type { ObjectStore, SideKeys } from '../storage/object-store.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { ObjectCache } from './object-cache.js';
import type { AdmissionAttributes } from './admission/attributes.js';

export interface RegistryContext {
  store: ObjectStore;
  keys: KeySpace;
  eventLeases: LeasePool;
  log: Logger;
  /** Kinds whose writes carry side keys (Service allocations); none when absent. */
  writeHooks?: WriteHooks;
  /** Objects kept in memory by the watches, for the reads allowed to use them; absent: every read goes to etcd. */
  cache?: ObjectCache;
  /** Milliseconds since the epoch; replaceable in tests. */
  now: () => number;
  /** Pods get a ServiceAccount and its token volume at create (admission/service-account.ts); off when absent. */
  serviceAccountAdmission?: boolean;
  /** Validating admission plugins, run on every write a user asks for (admission/validating.ts); none when absent. */
  validatingAdmission?: readonly ValidatingAdmission[];
  /** The seconds of the tolerations DefaultTolerationSeconds adds to pods (admission/default-toleration-seconds.ts); off when absent. */
  defaultTolerationSeconds?: DefaultTolerationSeconds;
}

/** How long a pod rides out its node's not-ready and unreachable NoExecute taints unless it says otherwise. */
export interface DefaultTolerationSeconds {
  notReady: number;
  unreachable: number;
}

/** Refuses a write by throwing (Forbidden, with the reason); returns to let it through. */
export type ValidatingAdmission = (ctx: RegistryContext, attrs: AdmissionAttributes) => Promise<void> | void;

/**
 * Work a kind needs done in the same etcd transaction as its own writes (write-hooks.ts).
 */
export interface KindWriteHook {
  /**
   * Fills server-chosen values into `next` (a private copy, validated already)
   * and answers the keys its write must claim and release; `old` on updates.
   * Throws Invalid when a requested value is taken or out of range.
   */
  prepare(ctx: RegistryContext, next: KubeObject, old: KubeObject | undefined): Promise<SideKeys>;
  /** The keys released when the object is removed. */
  released(ctx: RegistryContext, old: KubeObject): SideKeys;
}

export type WriteHooks = ReadonlyMap<ResourceInfo, KindWriteHook>;

