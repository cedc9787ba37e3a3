import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretTable } from '../tables/secret.js';
import type { KubeObject } from '../types/meta.js';
import { MAX_CONFIG_DATA_BYTES } from './config-data.js';
import { createErrors, defaulted, secretFixture, updateErrors } from './fixtures.js';

function secret(fields: Record<string, unknown>): KubeObject {
  return { ...secretFixture(), ...fields };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('Secret', () => {
  it('defaults the type to Opaque and folds stringData into data, never keeping it', () => {
    const obj = defaulted(secret({ data: { a: b64('old'), keep: b64('k') }, stringData: { a: 'new', b: 'two' } }));
    assert.equal(obj.type, 'Opaque');
    assert.equal(obj.stringData, undefined);
    assert.deepEqual(obj.data, { a: b64('new'), keep: b64('k'), b: b64('two') });
  });

  it('refuses keys that are not config keys and values that are not base64, naming the key', () => {
    assert.deepEqual(createErrors(secret({ data: { 'a/b': b64('x') } })), [
      "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    assert.deepEqual(createErrors(secret({ data: { token: 'not base64!' } })), ['data[token]: Invalid value: "": must be base64-encoded bytes']);
    assert.deepEqual(createErrors(secret({ data: {}, stringData: { 'x/y': 'v' } }))[0].slice(0, 31), 'data[x/y]: Invalid value: "x/y"');
    assert.deepEqual(createErrors(secret({ data: {}, stringData: { n: 5 } })), ['stringData[n]: Invalid value: 5: must be a string']);
  });

  it('accepts line breaks in base64, as Go does', () => {
    assert.deepEqual(createErrors(secret({ data: { pem: 'YWJj\nZGVm' } })), []);
  });

  it('bounds the decoded values to 1 MiB together', () => {
    const half = Buffer.alloc(MAX_CONFIG_DATA_BYTES / 2, 1).toString('base64');
    assert.deepEqual(createErrors(secret({ data: { a: half, b: half } })), []);
    assert.deepEqual(createErrors(secret({ data: { a: half, b: half, c: b64('x') } })), ['data: Too long: must have at most 1048576 bytes']);
    assert.deepEqual(createErrors(secret({ data: {}, stringData: { big: 'x'.repeat(MAX_CONFIG_DATA_BYTES + 1) } })), ['data: Too long: must have at most 1048576 bytes']);
  });

  it('requires the keys of the well-known types', () => {
    const typed = (type: string, data: Record<string, string>, extra: Record<string, unknown> = {}): string[] => createErrors(secret({ type, data, ...extra }));
    assert.deepEqual(typed('kubernetes.io/tls', {}), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    assert.deepEqual(typed('kubernetes.io/tls', { 'tls.crt': '', 'tls.key': '' }), []);
    assert.deepEqual(typed('kubernetes.io/basic-auth', {}), ['data[username]: Required value', 'data[password]: Required value']);
    assert.deepEqual(typed('kubernetes.io/basic-auth', { password: b64('p') }), []);
    assert.deepEqual(typed('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }), ['data[ssh-privatekey]: Required value']);
    assert.deepEqual(typed('kubernetes.io/dockerconfigjson', {}), ['data[.dockerconfigjson]: Required value']);
    assert.deepEqual(typed('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{}}') }), []);
    assert.match(typed('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{nope') })[0], /^data\[\.dockerconfigjson\]: Invalid value: "<secret contents redacted>": /);
    assert.deepEqual(typed('kubernetes.io/service-account-token', {}), ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
    assert.deepEqual(typed('kubernetes.io/service-account-token', {}, { metadata: { name: 't', namespace: 'default', annotations: { 'kubernetes.io/service-account.name': 'default' } } }), []);
    assert.deepEqual(typed('example.com/custom', {}), []);
  });

  it('keeps the type and, once immutable, the data', () => {
    assert.deepEqual(updateErrors(secret({ type: 'kubernetes.io/basic-auth' }), secret({})), ['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']);
    const frozen = secret({ immutable: true });
    assert.deepEqual(updateErrors(secret({ immutable: true }), frozen), []);
    assert.deepEqual(updateErrors(secret({ immutable: true, stringData: { password: 'other' } }), frozen), ['data: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(updateErrors(secret({}), frozen), ['immutable: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(updateErrors(secret({ stringData: { password: 'other' } }), secret({})), []);
  });

  it('prints NAME TYPE DATA AGE', () => {
    const obj = defaulted(secret({ metadata: { name: 'db', creationTimestamp: '2026-03-01T11:59:00Z' } }));
    assert.deepEqual(secretTable.row(obj, new Date('2026-03-01T12:00:00Z')), ['db', 'Opaque', '2', '60s']);
  });
});
