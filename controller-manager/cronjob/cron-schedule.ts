// What the CronJob controller needs from a cron library: the next activation
// after an instant. The controller takes a parser, so tests can hand it a
// schedule of their own and a library can replace the built-in one in one file.
import { parseCronExpression } from '../../api/cron/cron-expression.js';
import { nextActivation } from '../../api/cron/cron-next.js';

export interface CronSchedule {
  /** The first activation strictly after `afterMs`, or undefined when there is none. */
  next(afterMs: number): number | undefined;
}

/** Parses a schedule in a time zone (UTC when undefined); throws on a schedule it cannot read. */
export type CronScheduleParser = (schedule: string, timeZone: string | undefined) => CronSchedule;

const UTC = 'UTC';

/** The parser the apiserver validates with, so every accepted schedule can run. */
export const standardCronSchedule: CronScheduleParser = (schedule, timeZone) => {
  const fields = parseCronExpression(schedule);
  const zone = timeZone ?? UTC;
  return { next: (afterMs) => nextActivation(fields, afterMs, zone) };
};
