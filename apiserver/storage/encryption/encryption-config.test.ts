import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { encryptionRules, EncryptionConfigError } from './encryption-config.js';
import { encryptionConfigYaml, testKey } from './encryption-fixtures.js';

const GOOD_HEAD = { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration' };

function refusal(doc: unknown): string {
  try {
    encryptionRules(doc);
  } catch (err) {
    assert.ok(err instanceof EncryptionConfigError);
    return err.message;
  }
  assert.fail('the configuration should have been refused');
}

describe('encryptionRules', () => {
  it('makes the first provider the writer and every key a reader', () => {
    const [rule] = encryptionRules(parse(encryptionConfigYaml(['secrets'], [{ aesgcm: [testKey('new'), testKey('old')] }, { aescbc: [testKey('cbc')] }, 'identity'])));
    assert.deepEqual(rule.resources, ['secrets']);
    assert.equal(rule.chain.writer?.prefix, 'k8s:enc:aesgcm:v1:new:');
    assert.deepEqual(rule.chain.readers.map((r) => r.prefix), ['k8s:enc:aesgcm:v1:new:', 'k8s:enc:aesgcm:v1:old:', 'k8s:enc:aescbc:v1:cbc:']);
    assert.equal(rule.chain.readsPlain, true);
  });

  it('writes plain when identity comes first, and still reads encrypted values', () => {
    const [rule] = encryptionRules(parse(encryptionConfigYaml(['secrets'], ['identity', { aesgcm: [testKey('k')] }])));
    assert.equal(rule.chain.writer, undefined);
    assert.equal(rule.chain.readers.length, 1);
  });

  it('names the field of every mistake', () => {
    const providers = (p: unknown) => ({ ...GOOD_HEAD, resources: [{ resources: ['secrets'], providers: p }] });
    assert.match(refusal({ ...GOOD_HEAD, apiVersion: 'v1' }), /^apiVersion: Unsupported value: "v1"/);
    assert.match(refusal({ ...GOOD_HEAD, kind: 'Config' }), /^kind: Unsupported value/);
    assert.match(refusal({ ...GOOD_HEAD, resources: [] }), /^resources: Required value/);
    assert.match(refusal(providers([])), /^resources\[0\]\.providers: Required value/);
    assert.match(refusal(providers([{ aesgcm: { keys: [{ name: 'k', secret: 'c2hvcnQ=' }] } }])), /^resources\[0\]\.providers\[0\]\.aesgcm\.keys\[0\]\.secret: Invalid value: the key is 5 bytes; must be 16, 24, 32 bytes/);
    assert.match(refusal(providers([{ aescbc: { keys: [{ name: 'k', secret: testKey('k', 16).secret }] } }])), /aescbc\.keys\[0\]\.secret: .*must be 32 bytes/);
    assert.match(refusal(providers([{ aesgcm: { keys: [{ name: 'k', secret: 'not base64!' }] } }])), /keys\[0\]\.secret: Invalid value: must be a base64-encoded key/);
    assert.match(refusal(providers([{ aesgcm: { keys: [testKey('a'), testKey('a')] } }])), /keys\[1\]\.name: Duplicate value: "a"/);
    assert.match(refusal(providers([{ aesgcm: { keys: [testKey('a:b')] } }])), /keys\[0\]\.name: Invalid value: "a:b"/);
    assert.match(refusal(providers([{ aesgcm: { keys: [testKey('k')] }, identity: {} }])), /^resources\[0\]\.providers\[0\]: Invalid value: exactly one provider/);
    assert.match(refusal(providers([{ secretbox: { keys: [testKey('k')] } }])), /^resources\[0\]\.providers\[0\]\.secretbox: Unsupported value: secretbox \(XSalsa20-Poly1305\) is not available/);
    assert.match(refusal(providers([{ rot13: {} }])), /providers\[0\]\.rot13: Unsupported value/);
    assert.match(
      refusal({ ...GOOD_HEAD, resources: [{ resources: ['secrets'], providers: [{ identity: {} }] }, { resources: ['secrets'], providers: [{ identity: {} }] }] }),
      /^resources\[1\]\.resources\[0\]: Duplicate value: "secrets"/,
    );
    assert.match(refusal({ ...GOOD_HEAD, resources: [{ resources: ['Secrets!'], providers: [{ identity: {} }] }] }), /^resources\[0\]\.resources\[0\]: Invalid value: "Secrets!"/);
  });
});
