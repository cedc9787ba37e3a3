// Creates in growing batches (1, 2, 4, ...), stopping at the first batch that
// has a failure, as client-go's slowStartBatch: a quota or admission error
// then costs one call, not a thousand.

/** Most creates or deletes one sync issues (kube-controller-manager: 500). */
export const BURST_REPLICAS = 500;

/**
 * Answers how many calls succeeded and the first error seen, if any. At most
 * BURST_REPLICAS calls are made whatever `count` says (a user-given replica
 * count must never size the work or the memory of one sync); the caller's
 * next sync, brought by the watch events of these creates, does the rest.
 */
export async function slowStartBatch(count: number, initialBatch: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = Number.isFinite(count) ? Math.min(Math.max(0, Math.floor(count)), BURST_REPLICAS) : 0;
  let successes = 0;
  for (let batch = Math.min(remaining, Math.max(1, initialBatch)); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else error ??= r.reason;
    }
    remaining -= batch;
    if (error !== undefined) return { successes, error };
  }
  return { successes };
}
