import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./process-guard.js', import.meta.url));
const LOGGER = fileURLToPath(new URL('./logger.js', import.meta.url));

function run(body: string): { status: number | null; stdout: string } {
  const script = `
    const { installProcessGuard, PROCESS_GUARD_REGISTRY } = await import(${JSON.stringify(GUARD)});
    const { createLogger } = await import(${JSON.stringify(LOGGER)});
    installProcessGuard(createLogger('test'));
    ${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
}

test('an unhandled rejection is logged and counted, and the process goes on', () => {
  const { status, stdout } = run(`
    Promise.reject(new Error('boom'));
    await new Promise((r) => setTimeout(r, 50));
    console.log((await PROCESS_GUARD_REGISTRY.metrics()).match(/type="unhandled_rejection"} (\\d+)/)[1] === '1' ? 'counted' : 'not counted');
    console.log('still alive');`);
  assert.equal(status, 0);
  assert.match(stdout, /"msg":"unhandled rejection"/);
  assert.match(stdout, /counted\nstill alive/);
});

test('an uncaught exception is logged and ends the process with 1', () => {
  const { status, stdout } = run(`setTimeout(() => { throw new Error('sync boom'); }, 0);`);
  assert.equal(status, 1);
  assert.match(stdout, /"msg":"uncaught exception"/);
});
