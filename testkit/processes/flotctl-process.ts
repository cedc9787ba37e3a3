// Runs the built flotctl as a child process, as a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCommand, type Invocation, type StreamingCommand } from './command.js';

export const FLOTCTL_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
/** One flotctl invocation should never take this long; a hang fails the test instead of stalling it. */
export const FLOTCTL_TIMEOUT_MS = 30_000;

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
export type RunningFlotctl = StreamingCommand;

/** The program, arguments and environment that run flotctl against a server. */
export function flotctlInvocation(server: string, args: readonly string[]): Invocation {
  return { file: process.execPath, args: [FLOTCTL_MAIN, '--server', server, ...args], env: { ...process.env } };
}

export function startFlotctl(server: string, args: string[]): RunningFlotctl {
  return startCommand(flotctlInvocation(server, args), `flotctl ${args.join(' ')}`);
}
