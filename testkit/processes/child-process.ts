// Starts the test's own processes and ends exactly those, by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then SIGKILL after the grace period; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
}

export const STOP_GRACE_MS = 5_000;
/** Lines of a process's log an early-exit error carries, so a failed run says why even after its logs are removed. */
const EXIT_LOG_LINES = 15;

/** The error for a process that exited while a test waited for it, with the end of its log. */
export function exitedError(proc: ManagedProcess): Error {
  let tail = '';
  try {
    tail = readFileSync(proc.logFile, 'utf8').trimEnd().split('\n').slice(-EXIT_LOG_LINES).join('\n');
  } catch {
    // No log yet: the message still names the file.
  }
  return new Error(`${proc.name} exited with ${proc.child.exitCode ?? proc.child.signalCode} (see ${proc.logFile})${tail ? `; its log ends:\n${tail}` : ''}`);
}

export function startProcess(name: string, command: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = {}): ManagedProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, logFile, stop, exited };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}
