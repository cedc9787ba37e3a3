import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import { makeClaim, makeClaimPod, makeVolume } from '../../testkit/objects/storage-objects.js';
import { readOnlyClaimVolumes } from './claim-volumes.js';
import { containerMounts, setUpVolumes, VolumeError, type VolumeSourceReader } from './volumes.js';

function sources(claims: PersistentVolumeClaim[], pvs: PersistentVolume[]): VolumeSourceReader {
  return {
    configMap: () => Promise.resolve(undefined),
    podToken: () => Promise.reject(new Error('no tokens here')),
    secret: () => Promise.resolve(undefined),
    claim: (_ns, name) => Promise.resolve(claims.find((c) => c.metadata.name === name)),
    volume: (name) => Promise.resolve(pvs.find((v) => v.metadata.name === name)),
  };
}

async function mountError(claims: PersistentVolumeClaim[], pvs: PersistentVolume[]): Promise<string> {
  try {
    await setUpVolumes('/nonexistent-state', makeClaimPod('p', 'data'), sources(claims, pvs));
  } catch (err) {
    assert.ok(err instanceof VolumeError);
    return err.message;
  }
  return 'mounted';
}

test('a bound claim mounts its volume directory, read-only when the pod says so', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-claim-test-'));
  try {
    const claim = makeClaim('data', { volumeName: 'pv-1' });
    const pv = makeVolume('pv-1', { claim });
    pv.spec!.hostPath = { path: join(root, 'pv-1'), type: 'DirectoryOrCreate' };
    const pod = makeClaimPod('p', 'data');
    pod.spec.volumes![0]!.persistentVolumeClaim!.readOnly = true;
    const paths = await setUpVolumes(root, pod, sources([claim], [pv]));
    assert.equal(paths.get('data-0'), join(root, 'pv-1'));
    assert.ok(statSync(join(root, 'pv-1')).isDirectory());
    const mounts = await containerMounts({ name: 'c', image: 'i', volumeMounts: [{ name: 'data-0', mountPath: '/data' }] }, paths, new Set(readOnlyClaimVolumes(pod)));
    assert.deepEqual(mounts, [{ source: join(root, 'pv-1'), target: '/data', readOnly: true }]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a missing, deleting or unbound claim, or a volume that is gone or not its own, fails naming the claim', async () => {
  const prefix = 'MountVolume.SetUp failed for volume "data-0" : error processing PVC default/data: ';
  assert.equal(await mountError([], []), `${prefix}failed to fetch PVC from API server: persistentvolumeclaims "data" not found`);
  assert.equal(await mountError([makeClaim('data')], []), `${prefix}PVC is not bound`);
  const deleting = makeClaim('data', { volumeName: 'pv-1' });
  deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  assert.equal(await mountError([deleting], []), `${prefix}can't start pod because PVC is being deleted`);
  const bound = makeClaim('data', { volumeName: 'pv-1' });
  assert.equal(await mountError([bound], []), `${prefix}failed to fetch PV "pv-1" from API server: persistentvolumes "pv-1" not found`);
  assert.equal(await mountError([bound], [makeVolume('pv-1', { claim: makeClaim('other') })]), `${prefix}PV "pv-1" is not bound to this claim`);
});
