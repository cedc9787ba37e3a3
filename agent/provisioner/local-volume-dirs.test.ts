import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, symlink, mkdir, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localVolumeDirs, volumeDirectory } from './local-volume-dirs.js';

test('volume directories are exactly one level under the base; tricks are refused', () => {
  assert.equal(volumeDirectory('/vols/', 'pvc-1'), '/vols/pvc-1');
  for (const bad of ['..', '.', '../etc', 'a/b', '', 'UPPER', '/abs']) {
    assert.throws(() => volumeDirectory('/vols', bad), /refusing volume directory/, bad);
  }
});

test('create makes a world-writable directory, again without harm; remove deletes it and not what a symlink in it points at', async () => {
  const base = await mkdtemp(join(tmpdir(), 'flotilla-vols-'));
  const outside = await mkdtemp(join(tmpdir(), 'flotilla-outside-'));
  try {
    const dirs = localVolumeDirs(base);
    const dir = await dirs.create('pvc-abc');
    assert.equal(dir, join(base, 'pvc-abc'));
    assert.equal((await stat(dir)).mode & 0o777, 0o777);
    await writeFile(join(dir, 'data.txt'), 'kept across a second create');
    await dirs.create('pvc-abc');
    await access(join(dir, 'data.txt'));
    await mkdir(join(outside, 'precious'));
    await symlink(join(outside, 'precious'), join(dir, 'link'));
    await dirs.remove('pvc-abc');
    await assert.rejects(stat(dir));
    await access(join(outside, 'precious'));
    await dirs.remove('pvc-abc');
  } finally {
    await rm(base, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
});
