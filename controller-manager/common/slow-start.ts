// Creates in growing batches (1, 2, 4, ...), stopping at the first batch that
// has a failure, as client-go's slowStartBatch: a quota or admission error
// then costs one call, not a thousand.

/** Answers how many calls succeeded and the first error seen, if any. */
export async function slowStartBatch(count: number, initialBatch: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
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
