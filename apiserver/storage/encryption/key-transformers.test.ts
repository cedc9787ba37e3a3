import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { encryptionRules } from './encryption-config.js';
import { encryptionConfigYaml, testKey, type TestProvider } from './encryption-fixtures.js';
import { decryptValue, encryptValue, KeyTransformers, resourceKeyPrefix } from './key-transformers.js';
import { DecryptError } from './value-transformer.js';

const KEY = '/registry/core/secrets/default/db';
const PLAIN = Buffer.from('{"data":{"password":"aHVudGVyMg=="}}');

function chain(providers: TestProvider[]) {
  return encryptionRules(parse(encryptionConfigYaml(['secrets'], providers)))[0].chain;
}

describe('resourceKeyPrefix', () => {
  it('maps resource names of the configuration to etcd key prefixes', () => {
    assert.equal(resourceKeyPrefix('/registry', 'secrets'), '/registry/core/secrets/');
    assert.equal(resourceKeyPrefix('/registry', 'deployments.apps'), '/registry/apps/deployments/');
    assert.equal(resourceKeyPrefix('/registry', '*.apps'), '/registry/apps/');
    assert.equal(resourceKeyPrefix('/registry', '*.'), '/registry/core/');
    assert.equal(resourceKeyPrefix('/registry', '*.*'), '/registry/');
  });

  it('finds the chain of a key, and none for resources not listed', () => {
    const transformers = new KeyTransformers('/registry/', encryptionRules(parse(encryptionConfigYaml(['secrets'], ['identity']))));
    assert.ok(transformers.chainFor(KEY));
    assert.equal(transformers.chainFor('/registry/core/secretsx/default/db'), undefined);
    assert.equal(transformers.chainFor('/registry/core/configmaps/default/db'), undefined);
  });
});

describe('provider chains', () => {
  for (const provider of ['aesgcm', 'aescbc'] as const) {
    it(`${provider}: encrypts with a prefix, a fresh nonce each time, and reads back`, () => {
      const c = chain([{ [provider]: [testKey('k1')] } as TestProvider]);
      const stored = encryptValue(c, PLAIN, KEY);
      assert.ok(stored.toString('latin1').startsWith(`k8s:enc:${provider}:v1:k1:`));
      assert.equal(stored.indexOf(PLAIN), -1);
      assert.notDeepEqual(encryptValue(c, PLAIN, KEY), stored);
      assert.deepEqual(decryptValue(c, stored, KEY), PLAIN);
    });
  }

  it('aesgcm binds the value to its key: a copy under another key does not read', () => {
    const c = chain([{ aesgcm: [testKey('k1')] }]);
    assert.throws(() => decryptValue(c, encryptValue(c, PLAIN, KEY), '/registry/core/secrets/default/other'), DecryptError);
  });

  it('reads values of a rotated-out key while writing with the new one', () => {
    const old = testKey('old');
    const before = encryptValue(chain([{ aesgcm: [old] }]), PLAIN, KEY);
    const rotated = chain([{ aesgcm: [testKey('new'), old] }]);
    assert.deepEqual(decryptValue(rotated, before, KEY), PLAIN);
    assert.ok(encryptValue(rotated, PLAIN, KEY).toString('latin1').startsWith('k8s:enc:aesgcm:v1:new:'));
  });

  it('reads plain values only when identity is listed', () => {
    assert.deepEqual(decryptValue(chain([{ aesgcm: [testKey('k')] }, 'identity']), PLAIN, KEY), PLAIN);
    assert.throws(() => decryptValue(chain([{ aesgcm: [testKey('k')] }]), PLAIN, KEY), /not encrypted and the encryption configuration lists no identity provider/);
  });

  it('names the prefix of a value no configured key reads, and a wrong key fails', () => {
    const stored = encryptValue(chain([{ aesgcm: [testKey('gone')] }]), PLAIN, KEY);
    assert.throws(() => decryptValue(chain([{ aesgcm: [testKey('k')] }, 'identity']), stored, KEY), /no configured key reads values written with "k8s:enc:aesgcm:v1:gone:"/);
    assert.throws(() => decryptValue(chain([{ aesgcm: [testKey('gone')] }]), stored, KEY), /cannot decrypt with k8s:enc:aesgcm:v1:gone:/);
  });
});
