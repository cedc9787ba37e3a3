// The delay before a Job replaces a failed pod: 10 s, doubling with each
// failure, at most 6 minutes (Kubernetes' DefaultJobPodFailureBackOff and
// MaxJobPodFailureBackOff).

export const JOB_BACKOFF_BASE_MS = 10_000;
export const JOB_BACKOFF_MAX_MS = 6 * 60_000;

/** The wait after the `failures`-th failure (1-based); 0 before any. */
export function failureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  const exponent = Math.min(failures - 1, 30);
  return Math.min(JOB_BACKOFF_BASE_MS * 2 ** exponent, JOB_BACKOFF_MAX_MS);
}

/** How long a new pod must still wait at `nowMs`, given the failures so far and when the last one ended. */
export function remainingBackoffMs(failures: number, lastFailureMs: number | undefined, nowMs: number): number {
  if (failures <= 0 || lastFailureMs === undefined) return 0;
  return Math.max(0, lastFailureMs + failureBackoffMs(failures) - nowMs);
}
