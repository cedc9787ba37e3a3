// The allocator of the control-plane processes the testkit starts: jemalloc
// where the host has it, as deploy/up.sh and the lab start them (deploy/lib.sh,
// control_plane_malloc), so tests and benchmarks run what a cluster runs.
// FLOTILLA_MALLOC=glibc keeps glibc's malloc, to measure the difference.
import { execFileSync } from 'node:child_process';

const LIBRARY = 'libjemalloc.so.2';
/** Where ldconfig lives when the caller's PATH has no sbin (a non-root shell). */
const SBIN_PATHS = '/sbin:/usr/sbin';
const CONTROL_PLANE = new Set(['apiserver', 'scheduler', 'controller-manager']);

let libraryPath: string | undefined | null = null;

/** The library's path from the dynamic linker's cache; undefined when it is not installed. */
function jemallocPath(): string | undefined {
  if (libraryPath !== null) return libraryPath;
  try {
    const cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:${SBIN_PATHS}` } });
    const line = cache.split('\n').find((l) => l.trim().startsWith(`${LIBRARY} `));
    libraryPath = line?.split(' => ')[1]?.trim();
  } catch {
    libraryPath = undefined;
  }
  return libraryPath;
}

/** Environment that gives `component` the control plane's allocator; empty for other components. */
export function mallocEnvFor(component: string): NodeJS.ProcessEnv {
  if (!CONTROL_PLANE.has(component) || process.env.FLOTILLA_MALLOC === 'glibc') return {};
  const path = jemallocPath();
  return path ? { LD_PRELOAD: path } : {};
}
