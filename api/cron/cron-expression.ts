// Standard 5-field cron expressions, parsed as Kubernetes parses a CronJob's
// schedule (robfig/cron's ParseStandard): fields minute hour day-of-month
// month day-of-week, `*`/`?`, ranges, steps, comma lists, month and weekday
// names, and the `@hourly`-style macros. Errors carry the parser's own words,
// because the apiserver prints them in `spec.schedule: Invalid value`.

export interface CronFields {
  minute: ReadonlySet<number>;
  hour: ReadonlySet<number>;
  dayOfMonth: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dayOfWeek: ReadonlySet<number>;
  /**
   * A `*` (or `?`) in day-of-month or day-of-week: when either is, a day must
   * match both fields; when neither is, either field matching is enough.
   */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

export class CronSyntaxError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAY_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const MINUTE: Bounds = { min: 0, max: 59 };
const HOUR: Bounds = { min: 0, max: 23 };
const DAY_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTH: Bounds = { min: 1, max: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: Bounds = { min: 0, max: 6, names: DAY_NAMES };

const FIELD_COUNT = 5;

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Go's strconv.Atoi wording, which robfig/cron wraps. */
function parseNumber(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronSyntaxError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (value < 0) throw new CronSyntaxError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function parseValue(text: string, bounds: Bounds): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNumber(text);
}

/** One comma-separated part: `*`, `n`, `a-b`, each with an optional `/step`. */
function parseRange(expr: string, bounds: Bounds, into: Set<number>): boolean {
  const stepParts = expr.split('/');
  if (stepParts.length > 2) throw new CronSyntaxError(`too many slashes: ${expr}`);
  const rangeParts = stepParts[0].split('-');
  if (rangeParts.length > 2) throw new CronSyntaxError(`too many hyphens: ${expr}`);
  let start: number;
  let end: number;
  let star = false;
  if (rangeParts[0] === '*' || rangeParts[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseValue(rangeParts[0], bounds);
    end = rangeParts.length === 2 ? parseValue(rangeParts[1], bounds) : start;
  }
  let step = 1;
  if (stepParts.length === 2) {
    step = parseNumber(stepParts[1]);
    // `n/step` runs from n to the field's end.
    if (rangeParts.length === 1 && !star) end = bounds.max;
    if (step > 1) star = false;
  }
  if (start < bounds.min) throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function parseField(text: string, bounds: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) star = parseRange(part, bounds, values) || star;
  return { values, star };
}

/** Parses a schedule; throws CronSyntaxError with robfig/cron's message. */
export function parseCronExpression(spec: string): CronFields {
  const trimmed = spec.trim();
  if (trimmed === '') throw new CronSyntaxError('empty spec string');
  let text = trimmed;
  if (text.startsWith('@')) {
    const macro = MACROS[text];
    if (!macro) throw new CronSyntaxError(`unrecognized descriptor: ${text}`);
    text = macro;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== FIELD_COUNT) {
    throw new CronSyntaxError(`expected exactly ${FIELD_COUNT} fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const dom = parseField(fields[2], DAY_OF_MONTH);
  const dow = parseField(fields[4], DAY_OF_WEEK);
  return {
    minute: parseField(fields[0], MINUTE).values,
    hour: parseField(fields[1], HOUR).values,
    dayOfMonth: dom.values,
    month: parseField(fields[3], MONTH).values,
    dayOfWeek: dow.values,
    dayOfMonthStar: dom.star,
    dayOfWeekStar: dow.star,
  };
}

/** The parse error's message, or undefined for a valid schedule. */
export function cronSyntaxError(spec: string): string | undefined {
  try {
    parseCronExpression(spec);
    return undefined;
  } catch (err) {
    if (err instanceof CronSyntaxError) return err.message;
    throw err;
  }
}
