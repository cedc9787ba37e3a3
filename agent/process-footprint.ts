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
