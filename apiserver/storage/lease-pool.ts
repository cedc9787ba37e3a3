// Events expire with an etcd lease. One lease serves every event written in
// the same time bucket, so ten thousand events cost a handful of leases; each
// lease lives for the TTL plus the bucket width, so no event outlives its TTL
// by more than one bucket or dies before it.
import type { ObjectStore } from './object-store.js';

export const EVENT_TTL_SECONDS = 3600;
export const LEASE_BUCKET_SECONDS = 60;

export class LeasePool {
  private bucket = -1;
  private lease: Promise<string> | undefined;

  constructor(
    private readonly store: Pick<ObjectStore, 'grantLease'>,
    private readonly ttlSeconds = EVENT_TTL_SECONDS,
    private readonly bucketSeconds = LEASE_BUCKET_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  leaseId(): Promise<string> {
    const bucket = Math.floor(this.now() / 1000 / this.bucketSeconds);
    if (bucket !== this.bucket || !this.lease) {
      this.bucket = bucket;
      const granted = this.store.grantLease(this.ttlSeconds + this.bucketSeconds);
      this.lease = granted;
      granted.catch(() => {
        if (this.lease === granted) this.lease = undefined;
      });
    }
    return this.lease;
  }

  /** Forgets the cached lease (etcd said it no longer exists). */
  reset(): void {
    this.lease = undefined;
  }
}
