import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { mallocEnvFor } from './control-plane-malloc.js';

describe('mallocEnvFor', () => {
  it('preloads an installed library for the control plane, and only there', () => {
    for (const component of ['apiserver', 'scheduler', 'controller-manager']) {
      const preload = mallocEnvFor(component).LD_PRELOAD;
      // CI installs it as deploy/prerequisites.sh does, so there it must be found.
      if (process.env.CI === 'true') assert.ok(preload, `${component}: no libjemalloc.so.2 in ldconfig's cache`);
      if (preload !== undefined) assert.ok(existsSync(preload), `${component}: ${preload} does not exist`);
    }
    assert.deepEqual(mallocEnvFor('dns'), {});
    assert.deepEqual(mallocEnvFor('agent'), {});
  });

  it('keeps glibc when FLOTILLA_MALLOC=glibc', () => {
    const saved = process.env.FLOTILLA_MALLOC;
    process.env.FLOTILLA_MALLOC = 'glibc';
    try {
      assert.deepEqual(mallocEnvFor('apiserver'), {});
    } finally {
      if (saved === undefined) delete process.env.FLOTILLA_MALLOC;
      else process.env.FLOTILLA_MALLOC = saved;
    }
  });
});
