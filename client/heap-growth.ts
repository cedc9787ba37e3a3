// How far V8 lets the old generation grow past what survived the last full
// collection, for the scheduler and the controller-manager. V8's own factor
// adapts between 1.1 and 4 to allocation speed, so after a burst (10,000 pods
// bound in half a minute) a process sits on 2-3 times its live objects. A
// fixed factor of 2 keeps the scheduler's RSS at 10,000 pods about a quarter
// lower for about 1.5% more CPU per pod; the controller-manager, whose heap
// stays near its live size, is unchanged (bench/README.md, *Memory*). It is
// no cap: a heap that needs more still grows, so a big cluster slows down
// rather than crashing. Set here, at start, rather than on every command line
// that launches a component (deploy scripts, the lab, the testkit): V8 reads
// the flag each time it sizes the heap. The agent sets its young generation's
// factor and leaves out the optimizing compiler the same way
// (agent/process-footprint.ts), and a flag given to node on the command line
// wins over any of them.
import { setFlagsFromString } from 'node:v8';

/** Old generation limit = live after a full collection x (1 + this / 100). */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Sets a V8 flag at start unless node was started with it, or with one of its
 * aliases, in any spelling (V8 takes `-` and `_` alike, `--no-x` for false);
 * answers whether it did.
 */
export function setV8FlagUnlessGiven(flag: string, value: number | boolean, execArgv: readonly string[] = process.execArgv, aliases: readonly string[] = []): boolean {
  const names = [flag, ...aliases].map((name) => name.slice(2)).flatMap((name) => [name, name.replaceAll('-', '_')]);
  const spellings = names.flatMap((name) => [`--${name}`, `--no-${name}`, `--no_${name}`]);
  if (execArgv.some((arg) => spellings.some((given) => arg === given || arg.startsWith(`${given}=`)))) return false;
  setFlagsFromString(typeof value === 'boolean' ? (value ? flag : `--no-${flag.slice(2)}`) : `${flag}=${value}`);
  return true;
}

/** Sets the old generation's factor unless node was started with one of its own; answers whether it did. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  return setV8FlagUnlessGiven('--heap-growing-percent', HEAP_GROWING_PERCENT, execArgv);
}
