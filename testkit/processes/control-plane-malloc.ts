// The allocator of the control-plane processes the testkit starts: what
// deploy/malloc.sh finds (jemalloc where the host has it, nothing with
// FLOTILLA_MALLOC=glibc), as deploy/up.sh and the lab start them, so tests and
// benchmarks run what a cluster runs. The script is asked rather than
// rewritten here, so the two cannot disagree.
import { execFileSync } from 'node:child_process';
import { MALLOC_SCRIPT } from '../repo-paths.js';

const CONTROL_PLANE = new Set(['apiserver', 'scheduler', 'controller-manager']);

/** Answers by the FLOTILLA_MALLOC they were asked under, so the script runs once per setting. */
const answers = new Map<string, string>();

/** The library's path as control_plane_malloc prints it; empty when there is none. */
function controlPlaneMalloc(): string {
  const setting = process.env.FLOTILLA_MALLOC ?? '';
  let path = answers.get(setting);
  if (path === undefined) {
    path = execFileSync('bash', ['-c', 'source "$1" && control_plane_malloc', 'malloc', MALLOC_SCRIPT], { encoding: 'utf8' }).trim();
    answers.set(setting, path);
  }
  return path;
}

/** Environment that gives `component` the control plane's allocator; empty for other components. */
export function mallocEnvFor(component: string): NodeJS.ProcessEnv {
  if (!CONTROL_PLANE.has(component)) return {};
  const path = controlPlaneMalloc();
  return path ? { LD_PRELOAD: path } : {};
}
