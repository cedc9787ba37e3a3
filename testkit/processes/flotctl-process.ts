// Runs the built flotctl as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FLOTCTL_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
/** One flotctl invocation should never take this long; a hang fails the test instead of stalling it. */
export const FLOTCTL_TIMEOUT_MS = 30_000;
export const WATCH_OUTPUT_TIMEOUT_MS = 15_000;

export interface FlotctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function flotctl(server: string, args: string[], stdin?: string): Promise<FlotctlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLOTCTL_MAIN, '--server', server, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flotctl ${args.join(' ')} did not finish in ${FLOTCTL_TIMEOUT_MS} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, FLOTCTL_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** A long-running flotctl (get -w): its output so far, a way to wait for more, and stop(). */
export interface RunningFlotctl {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startFlotctl(server: string, args: string[]): RunningFlotctl {
  const child = spawn(process.execPath, [FLOTCTL_MAIN, '--server', server, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  return {
    child,
    output: () => stdout,
    exited,
    waitForOutput: async (pattern, timeoutMs = WATCH_OUTPUT_TIMEOUT_MS) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        const left = deadline - Date.now();
        if (left <= 0 || child.exitCode !== null) {
          throw new Error(`flotctl ${args.join(' ')}: no output matching ${pattern}; stdout: ${stdout} stderr: ${stderr}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return stdout;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
