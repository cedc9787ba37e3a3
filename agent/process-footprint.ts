// Keeps the agent's resident memory small; imported before anything else, so
// it holds while the rest of the agent's modules load. The agent runs on every
// node beside the pods, and idles most of its life.
import { setV8FlagUnlessGiven } from '../client/heap-growth.js';

/**
 * V8 doubles the young generation (up to 2 x 16 MiB on 64-bit) whenever much
 * of it survives a scavenge, as module loading and a burst of pod starts do,
 * and never gives it back: a third of an idle agent's memory. A factor of 1
 * keeps it at its initial size (2 x 1 MiB): more, shorter scavenges instead.
 */
const SEMI_SPACE_GROWTH_FACTOR = 1;

setV8FlagUnlessGiven('--semi-space-growth-factor', SEMI_SPACE_GROWTH_FACTOR);

/**
 * The optimizing compiler costs an idle agent about 6 MiB (78 against 72).
 * The agent waits on the engine and the apiserver and runs no loop hot enough
 * to gain from it: a 40-pod burst cost the agent the same CPU without it
 * (770 against 790 ms, bench/pod-start-timeline.ts), and the baseline
 * compiler still compiles what is warm.
 */
setV8FlagUnlessGiven('--turbofan', false, process.execArgv, ['--opt']);
