// Runs one of the deploy scripts to completion and notes when each line of its
// progress appeared, so a bench can time the phases a script announces
// ("==> cluster credentials in ...", "==> node X is Ready") rather than only
// the whole run.
import { spawn } from 'node:child_process';

export interface TimedLine {
  /** Since the script started. */
  ms: number;
  text: string;
}

export interface TimedRun {
  code: number | null;
  lines: TimedLine[];
  stderr: string;
  totalMs: number;
}

/** Runs `file args` with `env` added to ours, echoing its progress prefixed by `label`; killed at the timeout. */
export function runTimedScript(label: string, file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: TimedLine[] = [];
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const ms = performance.now() - started;
      const parts = (pending + chunk).split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) {
        lines.push({ ms, text });
        process.stdout.write(`  [${label} ${(ms / 1000).toFixed(1)}s] ${text}\n`);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (pending) lines.push({ ms: performance.now() - started, text: pending });
      resolve({ code, lines, stderr, totalMs: performance.now() - started });
    });
  });
}

/** When the first line matching `pattern` appeared, or undefined. */
export function firstLineMs(run: TimedRun, pattern: RegExp): number | undefined {
  return run.lines.find((l) => pattern.test(l.text))?.ms;
}

/** When the `count`-th line matching `pattern` appeared (all nodes Ready), or undefined. */
export function nthLineMs(run: TimedRun, pattern: RegExp, count: number): number | undefined {
  return run.lines.filter((l) => pattern.test(l.text))[count - 1]?.ms;
}
