import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodSpec } from '../../api/types/pod.js';
import { applyImages, parseImageArgs } from './set-image.js';

test('images by container name, or * for all; unknown containers are an error', () => {
  const spec: PodSpec = { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1' }], initContainers: [{ name: 'init', image: 'i:1' }] };
  assert.equal(applyImages(spec, parseImageArgs(['app=a:2'])), true);
  assert.equal(spec.containers[0]?.image, 'a:2');
  assert.equal(applyImages(spec, parseImageArgs(['app=a:2'])), false);
  applyImages(spec, parseImageArgs(['*=x:9']));
  assert.deepEqual([spec.initContainers?.[0]?.image, ...spec.containers.map((c) => c.image)], ['x:9', 'x:9', 'x:9']);
  assert.throws(() => applyImages(spec, parseImageArgs(['nope=x'])), /unable to find container named "nope"/);
  assert.throws(() => parseImageArgs(['app']), /CONTAINER=IMAGE/);
});
