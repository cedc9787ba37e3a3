// What the walkthrough tests share: a CLI (flotctl or the real kubectl) as a
// user runs it against one cluster, its tables read back into rows, and
// waiting on them. The steps are written once against CliSession.
import assert from 'node:assert/strict';
import { KUBECTL_DEFAULT_VERSION, KUBECTL_TIMEOUT_MS, kubectlInvocation } from './kubectl.js';
import { inTerminal, runCommand, startCommand, type CommandResult, type Invocation, type StreamingCommand } from './processes/command.js';
import { flotctlInvocation } from './processes/flotctl-process.js';
import { waitFor } from './processes/child-process.js';

/** How long a step may take to converge on a loaded 2-core machine. */
export const STEP_TIMEOUT_MS = 60_000;
export const POLL_INTERVAL_MS = 500;
/** One command; a hang fails the step with what was printed. */
const COMMAND_TIMEOUT_MS = KUBECTL_TIMEOUT_MS;

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

/** A command-line client the walkthrough's steps are typed into: how it runs a command. */
export interface Cli {
  /** As failures name it: `flotctl`, `kubectl 1.32`. */
  readonly name: string;
  invocation(args: readonly string[]): Invocation;
}

/** flotctl against a server's gRPC address. */
export function flotctlCli(server: string): Cli {
  return { name: 'flotctl', invocation: (args) => flotctlInvocation(server, args) };
}

/** The real kubectl.<version> with a kubeconfig. */
export function kubectlCli(kubeconfig: string, version: string = KUBECTL_DEFAULT_VERSION): Cli {
  return { name: `kubectl ${version}`, invocation: (args) => kubectlInvocation(args, { kubeconfig, version }) };
}

/** What a terminal shows, with the pseudo-terminal's \r\n line ends read as \n. */
export function screenText(output: string): string {
  return output.replace(/\r\n/g, '\n');
}

/** A user typing commands into one CLI against one cluster, and reading its tables back. */
export class CliSession {
  constructor(readonly cli: Cli) {}

  run(args: string[], stdin?: string): Promise<CommandResult> {
    return runCommand(this.cli.invocation(args), { timeoutMs: COMMAND_TIMEOUT_MS, ...(stdin === undefined ? {} : { stdin }) });
  }

  /** Leaves the command running (`get -w`, `logs -f`) until stopped. */
  start(args: string[]): StreamingCommand {
    return startCommand(this.cli.invocation(args), `${this.cli.name} ${args.join(' ')}`);
  }

  /** Runs the command in a pseudo-terminal (`exec -it`), typing `input` into it; stdout is the screen. */
  terminal(args: string[], input: string): Promise<CommandResult> {
    return runCommand(inTerminal(this.cli.invocation(args)), { timeoutMs: COMMAND_TIMEOUT_MS, stdin: input });
  }

  /** Runs the command and fails the test unless it exits 0; its stdout. */
  async ok(args: string[], stdin?: string): Promise<string> {
    const res = await this.run(args, stdin);
    assert.equal(res.code, 0, `${this.cli.name} ${args.join(' ')} exited ${res.code}: ${res.stderr}${res.stdout}`);
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

  /** Polls until the command's stdout satisfies `check`. */
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
