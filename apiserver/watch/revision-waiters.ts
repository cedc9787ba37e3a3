// Callers waiting for a cache to reach a revision, each with its own deadline.
interface Waiter {
  revision: number;
  settle(reached: boolean): void;
}

export class RevisionWaiters {
  private waiters: Waiter[] = [];

  /** Resolves true once reached() reports `revision` (at once if `current` is there), false after `waitMs`. */
  wait(revision: number, current: number, waitMs: number): Promise<boolean> {
    if (current >= revision) return Promise.resolve(true);
    if (waitMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        revision,
        settle: (reached) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), waitMs);
      this.waiters.push(waiter);
    });
  }

  reached(revision: number): void {
    if (this.waiters.length === 0) return;
    for (const waiter of this.waiters.filter((w) => w.revision <= revision)) waiter.settle(true);
  }

  cancelAll(): void {
    for (const waiter of [...this.waiters]) waiter.settle(false);
  }
}
