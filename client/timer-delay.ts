// Node fires a timer whose delay exceeds 2^31 - 1 ms (about 24.8 days) after
// 1 ms, with only a warning. Delays computed from user-given seconds
// (activeDeadlineSeconds, minReadySeconds, probe delays) reach that easily, and
// the early wake-up then re-arms the same timer: a loop that burns a core.

/** The longest delay setTimeout honours. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** `ms` clamped to what setTimeout honours; NaN waits the longest rather than not at all. */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_DELAY_MS;
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms));
}
