// The allocator of the control-plane processes the testkit starts: what
// deploy/malloc.sh finds (jemalloc where the host has it, nothing with
// FLOTILLA_MALLOC=glibc), as deploy/up.sh and the lab start them, so tests and
// benchmarks run what a cluster runs. The script is asked rather than
// rewritten here, so the two cannot disagree.
import { execFileSync } from 'node:child_process';
import { MALLOC_SCRIPT } from '../repo-paths.js';

const CONTROL_PLANE = new Set(['apiserver', 'scheduler', 'controller-manager']);

/** The library's path as control_plane_malloc prints it (empty when there is none) and its options. */
interface Allocator {
  library: string;
  options: string;
}

/** Answers by the FLOTILLA_MALLOC they were asked under, so the script runs once per setting. */
const answers = new Map<string, Allocator>();

function controlPlaneMalloc(): Allocator {
  const setting = process.env.FLOTILLA_MALLOC ?? '';
  let answer = answers.get(setting);
  if (answer === undefined) {
    const script = 'source "$1" && printf \'%s\\n%s\\n\' "$(control_plane_malloc)" "$CONTROL_PLANE_MALLOC_CONF"';
    const [library = '', options = ''] = execFileSync('bash', ['-c', script, 'malloc', MALLOC_SCRIPT], { encoding: 'utf8' }).split('\n');
    answer = { library: library.trim(), options: options.trim() };
    answers.set(setting, answer);
  }
  return answer;
}

/** Environment that gives `component` the control plane's allocator and its options; empty for other components. */
export function mallocEnvFor(component: string): NodeJS.ProcessEnv {
  if (!CONTROL_PLANE.has(component)) return {};
  const { library, options } = controlPlaneMalloc();
  return library ? { LD_PRELOAD: library, MALLOC_CONF: options } : {};
}
