import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { MemoryStore } from '../memory-store.js';
import { isStorageError } from '../storage-errors.js';
import { describeStoreContract } from '../store-contract.js';
import { EncryptingStore } from './encrypting-store.js';
import { encryptionRules } from './encryption-config.js';
import { encryptionConfigYaml, testKey } from './encryption-fixtures.js';
import { KeyTransformers } from './key-transformers.js';

function encryptingEverything(inner = new MemoryStore()): EncryptingStore {
  const rules = encryptionRules(parse(encryptionConfigYaml(['*.*'], [{ aesgcm: [testKey('k')] }])));
  return new EncryptingStore(inner, new KeyTransformers('/contract', rules));
}

describeStoreContract('memory, every value encrypted', () => encryptingEverything());

describe('EncryptingStore', () => {
  it('keeps only ciphertext beneath, side keys included', async () => {
    const inner = new MemoryStore();
    const store = encryptingEverything(inner);
    const side = { claim: [{ key: '/contract/ip/1', value: 'side-secret', modRevision: 0 }], release: [] };
    assert.ok((await store.create('/contract/s/a', 'top-secret', undefined, undefined, side)).ok);
    for (const kv of (await inner.range('/contract/')).items) {
      assert.ok(kv.value.toString('latin1').startsWith('k8s:enc:aesgcm:v1:k:'), kv.key);
      assert.equal(kv.value.indexOf('secret'), -1, kv.key);
    }
    assert.equal((await store.get('/contract/ip/1'))?.value.toString(), 'side-secret');
  });

  it('passes keys of resources not configured through unchanged', async () => {
    const inner = new MemoryStore();
    const rules = encryptionRules(parse(encryptionConfigYaml(['secrets'], [{ aesgcm: [testKey('k')] }])));
    const store = new EncryptingStore(inner, new KeyTransformers('/registry', rules));
    await store.create('/registry/core/configmaps/default/c', 'plain');
    assert.equal((await inner.get('/registry/core/configmaps/default/c'))?.value.toString(), 'plain');
  });

  it('answers an unreadable value as an Internal storage error naming the key', async () => {
    const inner = new MemoryStore();
    await encryptingEverything(inner).create('/contract/a', 'one');
    await assert.rejects(encryptingEverything(inner).get('/contract/a'), (err) => isStorageError(err, 'Internal') && /\/contract\/a: cannot decrypt/.test(err.message));
  });
});
