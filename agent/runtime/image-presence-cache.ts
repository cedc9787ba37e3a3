// Remembers for a short while which images the engine holds, so a burst of pods
// on one image costs one image inspection, not one per container start (the
// kubelet keeps an image list for the same reason). Only presence is cached: an
// image that is missing is asked for again each time, so a pull - ours or a
// user's `docker load` - is seen at once; and a pull forgets the image's entry.
import type { ContainerRuntime } from './runtime-types.js';

/** How long an image seen present is taken to still be there; a removed image costs one failed start at most. */
export const IMAGE_PRESENT_CACHE_MS = 10_000;

export class ImagePresenceCache {
  private readonly present = new Map<string, { id: string; seenMs: number }>();

  constructor(
    private readonly runtime: Pick<ContainerRuntime, 'imageID'>,
    private readonly now: () => number,
  ) {}

  async imageID(ref: string): Promise<string | undefined> {
    const cached = this.present.get(ref);
    if (cached && this.now() - cached.seenMs < IMAGE_PRESENT_CACHE_MS) return cached.id;
    const id = await this.runtime.imageID(ref);
    if (id) this.present.set(ref, { id, seenMs: this.now() });
    else this.present.delete(ref);
    return id;
  }

  forget(ref: string): void {
    this.present.delete(ref);
  }
}

const perRuntime = new WeakMap<object, ImagePresenceCache>();

/** One cache per runtime, shared by every pod worker of the agent that owns the runtime. */
export function imagePresenceOf(runtime: Pick<ContainerRuntime, 'imageID'>, now: () => number): ImagePresenceCache {
  let cache = perRuntime.get(runtime);
  if (!cache) {
    cache = new ImagePresenceCache(runtime, now);
    perRuntime.set(runtime, cache);
  }
  return cache;
}
