import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createErrors } from '../../api/kinds/fixtures.js';
import { isDefaultStorageClass } from '../../api/storage/default-class.js';
import { DEFAULT_STORAGE_CLASS_NAME, LOCAL_PATH_PROVISIONER } from '../../api/storage/names.js';
import { defaultStorageClassManifest } from './storage-class.js';

test('the shipped default StorageClass is valid, marked default, local-path, Delete, WaitForFirstConsumer', () => {
  const sc = defaultStorageClassManifest();
  assert.deepEqual(createErrors(sc), []);
  assert.equal(sc.metadata.name, DEFAULT_STORAGE_CLASS_NAME);
  assert.equal(sc.provisioner, LOCAL_PATH_PROVISIONER);
  assert.ok(isDefaultStorageClass(sc));
  assert.deepEqual([sc.reclaimPolicy, sc.volumeBindingMode], ['Delete', 'WaitForFirstConsumer']);
});
