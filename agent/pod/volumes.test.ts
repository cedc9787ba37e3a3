import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod, Volume } from '../../api/types/index.js';
import { containerMounts, podDir, setUpVolumes, tearDownPodDir, VolumeError, type VolumeSourceReader } from './volumes.js';

const NO_OBJECTS: VolumeSourceReader = {
  configMap: () => Promise.resolve(undefined),
  podToken: () => Promise.reject(new Error('no tokens here')),
  secret: () => Promise.resolve(undefined),
  claim: () => Promise.resolve(undefined),
  volume: () => Promise.resolve(undefined),
};

function podWith(volumes: Volume[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'uid-1' }, spec: { containers: [], volumes } };
}

test('hostPath type checks and emptyDir directories', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-vol-test-'));
  try {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    const paths = await setUpVolumes(root, podWith([
      { name: 'made', hostPath: { path: join(root, 'made'), type: 'DirectoryOrCreate' } },
      { name: 'file', hostPath: { path: file, type: 'File' } },
      { name: 'scratch', emptyDir: {} },
    ]), NO_OBJECTS);
    assert.ok(statSync(join(root, 'made')).isDirectory());
    assert.equal(paths.get('scratch'), join(podDir(root, 'uid-1'), 'volumes', 'empty-dir', 'scratch'));
    assert.ok(existsSync(paths.get('scratch') ?? ''));
    await assert.rejects(setUpVolumes(root, podWith([{ name: 'd', hostPath: { path: file, type: 'Directory' } }]), NO_OBJECTS), (err: unknown) => {
      assert.ok(err instanceof VolumeError);
      assert.match(err.message, /MountVolume.SetUp failed for volume "d" : hostPath type check failed: .* is not a directory/);
      return true;
    });
    await tearDownPodDir(root, 'uid-1');
    assert.equal(existsSync(podDir(root, 'uid-1')), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('mounts honour readOnly and subPath, and refuse to escape the volume', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-vol-test-'));
  try {
    const vols = new Map([['data', root]]);
    const mounts = await containerMounts({ name: 'c', volumeMounts: [{ name: 'data', mountPath: '/d', readOnly: true, subPath: 'sub/dir' }] }, vols);
    assert.deepEqual(mounts, [{ source: join(root, 'sub', 'dir'), target: '/d', readOnly: true }]);
    assert.ok(existsSync(join(root, 'sub', 'dir')));
    await assert.rejects(containerMounts({ name: 'c', volumeMounts: [{ name: 'data', mountPath: '/d', subPath: '../etc' }] }, vols), VolumeError);
    await assert.rejects(containerMounts({ name: 'c', volumeMounts: [{ name: 'nope', mountPath: '/d' }] }, vols), VolumeError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
