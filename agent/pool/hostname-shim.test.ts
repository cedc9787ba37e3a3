import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_BUSYBOX_PATH, resolveArgv, shimEntrypoint, shimScript, SHIM_BUSYBOX_PATH, SHIM_FAILED_EXIT_CODE, SHIM_NOT_FOUND_EXIT_CODE } from './hostname-shim.js';
import { isStaticElf } from './static-binary.js';

const HAS_BUSYBOX = existsSync(HOST_BUSYBOX_PATH);
const SHORT_WAIT_MS = 300;
const POLL_MS = 10;

test('argv follows the kubelet: command replaces ENTRYPOINT and drops CMD, args replace CMD', () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };
  assert.deepEqual(resolveArgv(image, undefined, undefined), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  assert.deepEqual(resolveArgv(image, ['sleep'], undefined), ['sleep']);
  assert.deepEqual(resolveArgv(image, undefined, ['-v']), ['/docker-entrypoint.sh', '-v']);
  assert.deepEqual(resolveArgv(image, ['sh', '-c'], ['echo hi']), ['sh', '-c', 'echo hi']);
  assert.deepEqual(resolveArgv({ entrypoint: [], cmd: ['sh'] }, [], []), ['sh']);
});

test('the entrypoint runs the mounted busybox as sh, with the hostname before the command', () => {
  const argv = shimEntrypoint('web-0', ['nginx', '-g', 'daemon off;']);
  assert.deepEqual(argv.slice(0, 3), [SHIM_BUSYBOX_PATH, 'sh', '-c']);
  assert.deepEqual(argv.slice(5), ['web-0', 'nginx', '-g', 'daemon off;']);
});

interface ShimRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the shim with the host's busybox, a hostname file the test writes, and PATH = `dir`. */
function runShim(dir: string, hostnameFile: string, argv: string[]): Promise<ShimRun> {
  const script = shimScript({ busybox: HOST_BUSYBOX_PATH, hostnameFile, waitMs: SHORT_WAIT_MS, pollMs: POLL_MS });
  return new Promise((resolve) => {
    execFile(HOST_BUSYBOX_PATH, ['sh', '-c', script, 'shim', 'web-0', ...argv], { env: { PATH: dir } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function withDir(fn: (dir: string, hostnameFile: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hostname-shim-'));
  try {
    // An image binary named like a busybox applet: the shim must run this one.
    await writeFile(join(dir, 'echo'), `#!${HOST_BUSYBOX_PATH} sh\nprintf 'image echo:%s\\n' "$*"\n`);
    await chmod(join(dir, 'echo'), 0o755);
    await fn(dir, join(dir, 'hostname'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the shim execs the image binary from PATH once the hostname is the pod\'s', { skip: !HAS_BUSYBOX && 'no static busybox' }, () =>
  withDir(async (dir, hostnameFile) => {
    await writeFile(hostnameFile, 'pool-member\n');
    const later = setTimeout(() => void writeFile(hostnameFile, 'web-0\n'), SHORT_WAIT_MS / 3);
    const run = await runShim(dir, hostnameFile, ['echo', 'a', 'b c']);
    clearTimeout(later);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'image echo:a b c\n');
  }));

test('the shim fails loudly when the hostname never comes, and when the command is missing', { skip: !HAS_BUSYBOX && 'no static busybox' }, () =>
  withDir(async (dir, hostnameFile) => {
    await writeFile(hostnameFile, 'pool-member\n');
    const started = Date.now();
    const waited = await runShim(dir, hostnameFile, ['echo', 'never']);
    assert.equal(waited.code, SHIM_FAILED_EXIT_CODE);
    assert.match(waited.stderr, /hostname was not set to web-0 within 300 ms/);
    assert.equal(waited.stdout, '');
    assert.ok(Date.now() - started >= SHORT_WAIT_MS);
    await writeFile(hostnameFile, 'web-0\n');
    const missing = await runShim(dir, hostnameFile, ['no-such-binary']);
    assert.equal(missing.code, SHIM_NOT_FOUND_EXIT_CODE);
    assert.match(missing.stderr, /no-such-binary: executable file not found/);
    const none = await runShim(dir, hostnameFile, []);
    assert.equal(none.code, SHIM_FAILED_EXIT_CODE);
    assert.match(none.stderr, /no command specified/);
  }));

test('only an ELF without an interpreter counts as a static binary', { skip: !HAS_BUSYBOX && 'no static busybox' }, async () => {
  assert.equal(await isStaticElf(HOST_BUSYBOX_PATH), true);
  assert.equal(await isStaticElf(process.execPath), false);
  assert.equal(await isStaticElf('/etc/hostname'), false);
  assert.equal(await isStaticElf('/no/such/file'), false);
});
