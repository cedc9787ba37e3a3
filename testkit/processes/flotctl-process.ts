// Runs the built flotctl as a child process, as a user would: against the
// test's apiserver only, never with the config file of whoever runs the tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CredentialFiles } from '../../client/api-credentials.js';
import { CONFIG_ENV } from '../../client/cluster-config.js';
import { credentialArgs } from '../client-credentials.js';
import { startCommand, type Invocation, type StreamingCommand } from './command.js';

export const FLOTCTL_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
/** One flotctl invocation should never take this long; a hang fails the test instead of stalling it. */
export const FLOTCTL_TIMEOUT_MS = 30_000;

/**
 * An empty config file for every run: a developer's ~/.flotilla/config.yaml (or
 * $FLOTILLA_CONFIG) may name credentials, which would turn the test's plaintext
 * channel into TLS; a test that wants credentials passes them itself.
 */
const NO_CONFIG_FILE = '/dev/null';

/** The apiserver's address, or the address and the credentials to present there. */
export type FlotctlTarget = string | { server: string; credentials?: CredentialFiles };

function targetArgs(target: FlotctlTarget): string[] {
  if (typeof target === 'string') return ['--server', target];
  return ['--server', target.server, ...credentialArgs(target.credentials)];
}

function flotctlEnv(): NodeJS.ProcessEnv {
  return { ...process.env, [CONFIG_ENV]: NO_CONFIG_FILE };
}

export interface FlotctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function flotctl(target: FlotctlTarget, args: string[], stdin?: string): Promise<FlotctlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLOTCTL_MAIN, ...targetArgs(target), ...args], { env: flotctlEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
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
export function flotctlInvocation(target: FlotctlTarget, args: readonly string[]): Invocation {
  return { file: process.execPath, args: [FLOTCTL_MAIN, ...targetArgs(target), ...args], env: flotctlEnv() };
}

export function startFlotctl(target: FlotctlTarget, args: string[]): RunningFlotctl {
  return startCommand(flotctlInvocation(target, args), `flotctl ${args.join(' ')}`);
}
