// kubectl's AGE column: a short duration whose precision shrinks as it grows
// (apimachinery's HumanDuration), so `45s`, `2m30s`, `10m`, `3h5m`, `2d3h`, `30d`.

const SECOND_MS = 1000;
const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;
const DAY_H = 24;
const YEAR_D = 365;

/** Clocks on different machines disagree a little; up to this much in the future still reads as `0s`. */
const CLOCK_SKEW_TOLERANCE_S = 1;

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND_MS);
  if (seconds < -CLOCK_SKEW_TOLERANCE_S) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 2 * MINUTE_S) return `${seconds}s`;

  const minutes = Math.trunc(seconds / MINUTE_S);
  if (minutes < 10) {
    const s = seconds % MINUTE_S;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;

  const hours = Math.trunc(seconds / HOUR_S);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;

  const days = Math.trunc(hours / DAY_H);
  if (hours < DAY_H * 8) {
    const h = hours % DAY_H;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < DAY_H * YEAR_D * 2) return `${days}d`;

  const years = Math.trunc(days / YEAR_D);
  if (hours < DAY_H * YEAR_D * 8) {
    const d = days % YEAR_D;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * The time since an RFC 3339 timestamp, as kubectl prints it; `<unknown>` when
 * the object has no such timestamp.
 */
export function timestampSince(timestamp: string | null | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now.getTime() - at);
}
