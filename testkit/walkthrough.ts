// What the walkthrough tests share: flotctl as a user runs it against one
// cluster, kubectl-shaped tables read back into rows, and waiting on them.
import assert from 'node:assert/strict';
import { flotctl, type FlotctlResult } from './processes/flotctl-process.js';
import { waitFor } from './processes/child-process.js';

/** How long a step may take to converge on a loaded 2-core machine. */
export const STEP_TIMEOUT_MS = 60_000;
export const POLL_INTERVAL_MS = 500;

export type Row = Record<string, string>;

/** Reads a printed table: columns are separated by two or more spaces, headers name them. */
export function parseTable(text: string): Row[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0]!.trim().split(/\s{2,}/);
  return lines.slice(1).map((line) => {
    const cells = line.trim().split(/\s{2,}/);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

export class Flotctl {
  constructor(readonly server: string) {}

  run(args: string[], stdin?: string): Promise<FlotctlResult> {
    return flotctl(this.server, args, stdin);
  }

  /** Runs flotctl and fails the test unless it exits 0; its stdout. */
  async ok(args: string[], stdin?: string): Promise<string> {
    const res = await this.run(args, stdin);
    assert.equal(res.code, 0, `flotctl ${args.join(' ')} exited ${res.code}: ${res.stderr}${res.stdout}`);
    return res.stdout;
  }

  apply(manifest: string): Promise<string> {
    return this.ok(['apply', '-f', '-'], manifest);
  }

  async table(args: string[]): Promise<Row[]> {
    return parseTable(await this.ok(args));
  }

  /** Polls a `get` until its rows satisfy `check`; the rows that did. */
  async waitForTable(what: string, args: string[], check: (rows: Row[]) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<Row[]> {
    let last: Row[] = [];
    try {
      return await waitFor(
        what,
        async () => {
          last = await this.table(args);
          return check(last) ? last : undefined;
        },
        timeoutMs,
        POLL_INTERVAL_MS,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last rows: ${JSON.stringify(last)}`);
    }
  }

  /** Polls until flotctl's stdout satisfies `check`. */
  async waitForOutput(what: string, args: string[], check: (stdout: string) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    let last = '';
    try {
      return await waitFor(
        what,
        async () => {
          const res = await this.run(args);
          last = res.stdout + res.stderr;
          return res.code === 0 && check(res.stdout) ? res.stdout : undefined;
        },
        timeoutMs,
        POLL_INTERVAL_MS,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last output: ${last}`);
    }
  }
}

export const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function running(rows: Row[]): Row[] {
  return rows.filter((r) => r.STATUS === 'Running');
}

/** RESTARTS prints as `2 (5s ago)`; the count. */
export function restarts(row: Row): number {
  return Number.parseInt(row.RESTARTS ?? '0', 10);
}
