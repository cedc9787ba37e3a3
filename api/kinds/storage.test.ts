import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessModesText } from '../storage/access-modes.js';
import { defaultStorageClass } from '../storage/default-class.js';
import type { KubeObject } from '../types/meta.js';
import type { StorageClass } from '../types/storage.js';
import { createErrors, defaulted, persistentVolumeClaimFixture, persistentVolumeFixture, statusErrors, storageClassFixture, updateErrors } from './fixtures.js';
import { persistentVolumeKind } from './persistentvolume.js';
import { persistentVolumeClaimKind } from './persistentvolumeclaim.js';
import { storageClassKind } from './storageclass.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const CREATED = '2026-01-01T00:00:00Z';

function pv(spec: Record<string, unknown>): KubeObject {
  const base = persistentVolumeFixture();
  return { ...base, spec: { ...(base.spec as object), ...spec } };
}

function pvc(spec: Record<string, unknown>): KubeObject {
  const base = persistentVolumeClaimFixture();
  return { ...base, spec: { ...(base.spec as object), ...spec } };
}

function headers(kind: { table: { columns: { name: string; priority: number }[] } }, priority: number): string[] {
  return kind.table.columns.filter((c) => c.priority === priority).map((c) => c.name.toUpperCase());
}

describe('PersistentVolume', () => {
  it('defaults Retain, Filesystem, an unset hostPath type and phase Pending', () => {
    const d = defaulted(persistentVolumeFixture()) as { spec: Record<string, unknown>; status: Record<string, unknown> };
    assert.equal(d.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(d.spec.volumeMode, 'Filesystem');
    assert.deepEqual(d.spec.hostPath, { path: '/srv/data', type: '' });
    assert.equal(d.status.phase, 'Pending');
    assert.deepEqual(createErrors(persistentVolumeFixture()), []);
  });

  it('needs capacity, access modes and exactly one source; local needs node affinity; other sources are refused', () => {
    assert.deepEqual(createErrors(pv({ capacity: undefined, accessModes: undefined })), ['spec.capacity: Required value', 'spec.accessModes: Required value']);
    assert.deepEqual(createErrors(pv({ capacity: { storage: 'lots' } })), [
      "spec.capacity[storage]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    assert.deepEqual(createErrors(pv({ hostPath: undefined })), ['spec: Required value: must specify a volume type']);
    assert.deepEqual(createErrors(pv({ local: { path: '/mnt/disk' } })), ['spec.local: Forbidden: may not specify more than 1 volume type']);
    assert.deepEqual(createErrors(pv({ hostPath: undefined, local: { path: '/mnt/disk' } })), ['spec.nodeAffinity: Required value: Local volume requires node affinity']);
    const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } };
    assert.deepEqual(createErrors(pv({ hostPath: undefined, local: { path: '/mnt/disk' }, nodeAffinity: affinity })), []);
    assert.deepEqual(createErrors(pv({ hostPath: undefined, nfs: { server: 'x', path: '/' } })), ['spec.nfs: Forbidden: not supported: Flotilla mounts only hostPath and local volumes']);
    assert.deepEqual(createErrors(pv({ accessModes: ['ReadWriteSometimes'] })), [
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
    assert.deepEqual(createErrors(pv({ persistentVolumeReclaimPolicy: 'Keep' })), [
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
    ]);
  });

  it('keeps its source and mode; the status phase is one of five', () => {
    const old = defaulted(persistentVolumeFixture());
    assert.deepEqual(updateErrors(pv({ hostPath: { path: '/elsewhere' } }), old), ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
    assert.deepEqual(updateErrors(pv({ capacity: { storage: '10Gi' } }), old), []);
    assert.deepEqual(statusErrors({ ...old, status: { phase: 'Bound' } }, old), []);
    assert.match(statusErrors({ ...old, status: { phase: 'Happy' } }, old)[0]!, /^status\.phase: Unsupported value: "Happy"/);
  });

  it('prints kubectl 1.32 columns with abbreviated access modes', () => {
    assert.deepEqual(headers(persistentVolumeKind, 0), ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    assert.deepEqual(headers(persistentVolumeKind, 1), ['VOLUMEMODE']);
    const obj = defaulted(pv({ accessModes: ['ReadWriteMany', 'ReadWriteOnce'], claimRef: { namespace: 'default', name: 'my-data-claim' } }));
    obj.metadata.creationTimestamp = CREATED;
    (obj.status as Record<string, unknown>).phase = 'Bound';
    assert.deepEqual(persistentVolumeKind.table.row(obj, NOW), ['pv-data', '5Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/my-data-claim', 'manual', '<unset>', '', '10m', 'Filesystem']);
    assert.equal(accessModesText(['ReadWriteOncePod', 'ReadOnlyMany', 'ReadOnlyMany']), 'ROX,RWOP');
  });
});

describe('PersistentVolumeClaim', () => {
  it('defaults Filesystem and Pending, and names bad sizes and modes', () => {
    const d = defaulted(persistentVolumeClaimFixture()) as { spec: Record<string, unknown>; status: Record<string, unknown> };
    assert.equal(d.spec.volumeMode, 'Filesystem');
    assert.equal(d.status.phase, 'Pending');
    assert.deepEqual(createErrors(persistentVolumeClaimFixture()), []);
    assert.deepEqual(createErrors(pvc({ resources: {} })), ['spec.resources[storage]: Required value']);
    assert.deepEqual(createErrors(pvc({ resources: { requests: { storage: '0' } } })), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']);
    assert.match(createErrors(pvc({ resources: { requests: { storage: 'ten gigs' } } }))[0]!, /^spec\.resources\[storage\]: Invalid value: "ten gigs": quantities must match/);
    assert.deepEqual(createErrors(pvc({ accessModes: [] })), ['spec.accessModes: Required value: at least 1 access mode is required']);
    assert.deepEqual(createErrors(pvc({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] })), ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']);
    assert.match(createErrors(pvc({ dataSource: { kind: 'VolumeSnapshot', name: 's' } }))[0]!, /^spec\.dataSource: Forbidden: not supported/);
  });

  it('is immutable but for the requested size and a first volume name; a bound claim never shrinks', () => {
    const old = defaulted(persistentVolumeClaimFixture());
    assert.deepEqual(updateErrors(pvc({ resources: { requests: { storage: '2Gi' } } }), old), []);
    assert.deepEqual(updateErrors(pvc({ volumeName: 'pv-data' }), old), []);
    const changed = updateErrors(pvc({ accessModes: ['ReadWriteMany'] }), old);
    assert.equal(changed.length, 1);
    assert.match(changed[0]!, /^spec: Forbidden: spec is immutable after creation except resources\.requests/);
    const bound = { ...defaulted(pvc({ volumeName: 'pv-data' })), status: { phase: 'Bound' } };
    assert.deepEqual(updateErrors({ ...pvc({ volumeName: 'pv-data', resources: { requests: { storage: '512Mi' } } }), status: { phase: 'Bound' } }, bound), [
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);
    assert.match(updateErrors(pvc({ volumeName: 'other' }), bound)[0]!, /^spec: Forbidden/);
  });

  it('prints the bound volume\'s capacity and modes, empty before', () => {
    assert.deepEqual(headers(persistentVolumeClaimKind, 0), ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    const pending = defaulted(persistentVolumeClaimFixture());
    pending.metadata.creationTimestamp = CREATED;
    assert.deepEqual(persistentVolumeClaimKind.table.row(pending, NOW), ['my-data-claim', 'Pending', '', '', '', 'standard', '<unset>', '10m', 'Filesystem']);
    const bound = { ...pending, spec: { ...(pending.spec as object), volumeName: 'pv-data' }, status: { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'] } };
    assert.deepEqual(persistentVolumeClaimKind.table.row(bound, NOW).slice(0, 5), ['my-data-claim', 'Bound', 'pv-data', '5Gi', 'RWO']);
    assert.equal(persistentVolumeClaimKind.table.row({ ...bound, metadata: { ...bound.metadata, deletionTimestamp: CREATED } }, NOW)[1], 'Terminating');
  });
});

describe('StorageClass', () => {
  it('defaults Delete and Immediate; provisioner required; policies and mode checked', () => {
    const bare: KubeObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast' };
    assert.deepEqual([defaulted(bare).reclaimPolicy, defaulted(bare).volumeBindingMode], ['Delete', 'Immediate']);
    assert.deepEqual(createErrors(storageClassFixture()), []);
    assert.deepEqual(createErrors({ ...bare, provisioner: undefined }), ['provisioner: Required value']);
    assert.deepEqual(createErrors({ ...bare, reclaimPolicy: 'Recycle' }), ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']);
    assert.deepEqual(createErrors({ ...bare, volumeBindingMode: 'Later' }), ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"']);
  });

  it('keeps provisioner, parameters, reclaim policy and binding mode', () => {
    const old = defaulted(storageClassFixture());
    assert.deepEqual(updateErrors({ ...storageClassFixture(), allowVolumeExpansion: true }, old), []);
    assert.deepEqual(updateErrors({ ...storageClassFixture(), provisioner: 'x.io/y', parameters: { a: 'b' }, reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate' }, old), [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "Immediate": field is immutable',
    ]);
  });

  it('marks the default class in its table; the newest of several defaults wins', () => {
    assert.deepEqual(headers(storageClassKind, 0), ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    const sc = { ...defaulted(storageClassFixture()), metadata: { ...storageClassFixture().metadata, creationTimestamp: CREATED } };
    assert.deepEqual(storageClassKind.table.row(sc, NOW), ['standard (default)', 'flotilla.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '10m']);
    const newer = { ...sc, metadata: { ...sc.metadata, name: 'newer', creationTimestamp: '2026-01-01T00:05:00Z' } } as StorageClass;
    const unmarked = { ...sc, metadata: { name: 'plain', creationTimestamp: '2026-01-01T00:09:00Z' } } as StorageClass;
    assert.equal(defaultStorageClass([sc as StorageClass, newer, unmarked])?.metadata.name, 'newer');
    assert.equal(defaultStorageClass([unmarked]), undefined);
  });
});
