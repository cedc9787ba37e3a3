// A command line as a test runs it: to completion with a bounded wait, left
// streaming until stopped (`logs -f`, `get -w`), or inside a pseudo-terminal
// (`exec -it`). flotctl and kubectl runners both describe their runs as an
// Invocation and share these.
import { spawn, type ChildProcess } from 'node:child_process';

/** How long output may still arrive after the command exits. */
const STDIO_DRAIN_MS = 1_000;
export const STREAM_OUTPUT_TIMEOUT_MS = 15_000;
/** util-linux `script`, which gives a command a pseudo-terminal as a user's shell would. */
export const SCRIPT_BINARY = 'script';

export interface Invocation {
  file: string;
  args: string[];
  /** The whole environment of the command. */
  env: NodeJS.ProcessEnv;
}

export interface CommandResult {
  /** The exit code; null when the command was killed (see signal, timedOut). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Written to stdin; stdin is closed either way, so the command never waits on it. */
  stdin?: string;
  /** Then the command is killed and the result says timedOut. */
  timeoutMs: number;
}

/** Runs an invocation; resolves when it exits or is killed at the timeout, never later. */
export function runCommand(inv: Invocation, opts: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(inv.file, inv.args, { env: inv.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The command may exit before reading its input; that is its answer, not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut });
    };
    // 'close' comes once the output is drained; a grandchild that kept the pipes
    // open (a credential plugin) must not hold the result past the command's exit.
    child.once('close', finish);
    child.once('exit', (code, signal) => {
      drainTimer = setTimeout(() => finish(code, signal), STDIO_DRAIN_MS);
    });
  });
}

/** A command left running: its output so far, a way to wait for more, and stop(). */
export interface StreamingCommand {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** As waitForOutput, on stderr (where kubectl -v=6 logs its requests). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startCommand(inv: Invocation, label: string): StreamingCommand {
  const child = spawn(inv.file, inv.args, { env: inv.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitOn = async (text: () => string, pattern: RegExp, timeoutMs: number): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text())) {
      const left = deadline - Date.now();
      if (left <= 0 || child.exitCode !== null) {
        throw new Error(`${label}: no output matching ${pattern}; stdout: ${stdout} stderr: ${stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return text();
  };
  return {
    child,
    output: () => stdout,
    exited,
    waitForOutput: (pattern, timeoutMs = STREAM_OUTPUT_TIMEOUT_MS) => waitOn(() => stdout, pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs = STREAM_OUTPUT_TIMEOUT_MS) => waitOn(() => stderr, pattern, timeoutMs),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One word for `sh -c`: single-quoted, with its own single quotes closed and escaped. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The same invocation inside a pseudo-terminal (`script -qec CMD /dev/null`):
 * stdin and stdout of the command are a terminal, so `-it` gets a TTY; what is
 * written to script's stdin is typed into it, and its stdout is the screen
 * (with \r\n line ends and the terminal's echo).
 */
export function inTerminal(inv: Invocation): Invocation {
  const line = [inv.file, ...inv.args].map(shellQuote).join(' ');
  return { file: SCRIPT_BINARY, args: ['-qec', line, '/dev/null'], env: inv.env };
}
