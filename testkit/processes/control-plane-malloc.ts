// The allocator of the control-plane processes the testkit starts: what
// deploy/malloc.sh finds (jemalloc where the host has it, nothing with
// FLOTILLA_MALLOC=glibc), as deploy/up.sh and the lab start them, so tests and
// benchmarks run what a cluster runs. The script is asked rather than
// rewritten here, so the two cannot disagree.
import { execFileSync } from 'node:child_process';
import { MALLOC_SCRIPT } from '../repo-paths.js';

const CONTROL_PLANE = new Set(['apiserver', 'scheduler', 'controller-manager']);

/** Answers by the FLOTILLA_MALLOC they were asked under, so the script runs once per setting. */
const answers = new Map<string, NodeJS.ProcessEnv>();

/** control_plane_malloc_env's NAME=value lines, as an environment. */
function controlPlaneMallocEnv(): NodeJS.ProcessEnv {
  const setting = process.env.FLOTILLA_MALLOC ?? '';
  let env = answers.get(setting);
  if (env === undefined) {
    const lines = execFileSync('bash', ['-c', 'source "$1" && control_plane_malloc_env', 'malloc', MALLOC_SCRIPT], { encoding: 'utf8' }).split('\n');
    env = Object.fromEntries(lines.filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    answers.set(setting, env);
  }
  return env;
}

/** Environment that gives `component` the control plane's allocator and its options; empty for other components. */
export function mallocEnvFor(component: string): NodeJS.ProcessEnv {
  return CONTROL_PLANE.has(component) ? { ...controlPlaneMallocEnv() } : {};
}
