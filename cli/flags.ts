// Flag values shared by several commands.
import { CliError } from './cli-error.js';

export type DryRun = 'none' | 'client' | 'server';

/** Commander's accumulator for repeatable flags (-f, --env, --image). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--dry-run` alone means client, as kubectl's deprecated bare form did. */
export function parseDryRun(value: string | boolean | undefined): DryRun {
  if (value === undefined || value === false || value === 'none') return 'none';
  if (value === true || value === 'client') return 'client';
  if (value === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${String(value)}). Must be "none", "server", or "client".`);
}

/** What kubectl appends to a message about an object it did not really change. */
export function dryRunSuffix(dryRun: DryRun): string {
  if (dryRun === 'client') return ' (dry run)';
  if (dryRun === 'server') return ' (server dry run)';
  return '';
}

/** Go-style durations as kubectl's --timeout takes them: `30s`, `2m`, `1m30s`, `500ms`, `0`. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new CliError(`invalid duration "${text}": use a form such as 30s, 2m or 1m30s`);
  return total;
}

export function parseNonNegativeInt(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CliError(`invalid value "${text}" for ${flag}: must be a non-negative integer`);
  return value;
}
