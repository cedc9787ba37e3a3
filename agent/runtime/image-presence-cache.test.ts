import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMAGE_PRESENT_CACHE_MS, ImagePresenceCache } from './image-presence-cache.js';

function setUp(images: Map<string, string>) {
  const clock = { ms: 0 };
  let asked = 0;
  const cache = new ImagePresenceCache({ imageID: async (ref) => (asked++, images.get(ref)) }, () => clock.ms);
  return { cache, clock, asked: () => asked };
}

describe('ImagePresenceCache', () => {
  it('asks the engine once per image within the window, again after it', async () => {
    const { cache, clock, asked } = setUp(new Map([['nginx', 'sha256:1']]));
    assert.equal(await cache.imageID('nginx'), 'sha256:1');
    assert.equal(await cache.imageID('nginx'), 'sha256:1');
    assert.equal(asked(), 1);
    clock.ms += IMAGE_PRESENT_CACHE_MS;
    await cache.imageID('nginx');
    assert.equal(asked(), 2);
  });

  it('never caches absence, and forgets an image on request', async () => {
    const images = new Map<string, string>();
    const { cache, asked } = setUp(images);
    assert.equal(await cache.imageID('busybox'), undefined);
    images.set('busybox', 'sha256:2');
    assert.equal(await cache.imageID('busybox'), 'sha256:2');
    images.set('busybox', 'sha256:3');
    cache.forget('busybox');
    assert.equal(await cache.imageID('busybox'), 'sha256:3');
    assert.equal(asked(), 3);
  });
});
