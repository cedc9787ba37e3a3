import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

  it('gives jemalloc options it accepts, which start its background purging thread', (t) => {
    const env = mallocEnvFor('apiserver');
    if (env.LD_PRELOAD === undefined) {
      t.skip('no jemalloc on this machine');
      return;
    }
    const listThreads = "const fs = require('fs'); console.log(fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim()).join(','))";
    const out = execFileSync(process.execPath, ['-e', listThreads], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out, /jemalloc_bg_thd/, `threads: ${out}`);
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
