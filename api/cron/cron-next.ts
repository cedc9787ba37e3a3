// The next activation of a parsed cron expression after an instant, in a time
// zone. The search walks real instants and reads their wall clock, skipping a
// whole day or hour when that part cannot match, so daylight-saving gaps are
// simply never matched and repeated hours match once per real minute.
import type { CronFields } from './cron-expression.js';
import { wallClock, type WallClock } from './time-zone.js';

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;
/** Day skips stop this far short of midnight, so a 23- or 25-hour day cannot jump over it. */
const DST_MARGIN_MINUTES = HOUR_MINUTES;
/** robfig/cron gives up after five years; a schedule like `0 0 30 2 *` never fires. */
const SEARCH_YEARS = 5;

function dayMatches(f: CronFields, w: WallClock): boolean {
  const dom = f.dayOfMonth.has(w.day);
  const dow = f.dayOfWeek.has(w.weekday);
  if (f.dayOfMonthStar || f.dayOfWeekStar) return dom && dow;
  return dom || dow;
}

/** The first activation strictly after `afterMs` (whole minutes), or undefined within five years. */
export function nextActivation(f: CronFields, afterMs: number, timeZone: string): number | undefined {
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limitYear = wallClock(t, timeZone).year + SEARCH_YEARS;
  for (;;) {
    const w = wallClock(t, timeZone);
    if (w.year > limitYear) return undefined;
    const minuteOfDay = w.hour * HOUR_MINUTES + w.minute;
    if (!f.month.has(w.month) || !dayMatches(f, w)) {
      const toMidnight = DAY_MINUTES - minuteOfDay;
      t += Math.max(1, toMidnight > DST_MARGIN_MINUTES ? toMidnight - DST_MARGIN_MINUTES : toMidnight) * MINUTE_MS;
      continue;
    }
    if (!f.hour.has(w.hour)) {
      t += (HOUR_MINUTES - w.minute) * MINUTE_MS;
      continue;
    }
    if (!f.minute.has(w.minute)) {
      t += MINUTE_MS;
      continue;
    }
    return t;
  }
}
