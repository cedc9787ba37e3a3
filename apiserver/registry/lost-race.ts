// Writers that lose a race on the same object re-read and try again, as
// Kubernetes' GuaranteedUpdate does. A short random pause between attempts
// keeps a crowd of writers from colliding in lockstep round after round.

/** Attempts after losing a race before answering Conflict; a crowd of this many concurrent writers all get through. */
export const WRITE_RACE_RETRIES = 100;
/** Ceiling of the random pause before another attempt. */
export const LOST_RACE_PAUSE_MAX_MS = 16;

export function pauseAfterLostRace(attempt: number): Promise<void> {
  const ceiling = Math.min(LOST_RACE_PAUSE_MAX_MS, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
