import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configMapTable } from '../tables/configmap.js';
import type { KubeObject } from '../types/meta.js';
import { MAX_CONFIG_MAP_BYTES } from './configmap.js';
import { configMapFixture, createErrors, updateErrors } from './fixtures.js';

function configMap(fields: Record<string, unknown>): KubeObject {
  return { ...configMapFixture(), ...fields };
}

describe('ConfigMap', () => {
  it('refuses keys that are not config keys, naming the key', () => {
    assert.deepEqual(createErrors(configMap({ data: { 'a/b': 'x' }, binaryData: {} })), [
      "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    assert.deepEqual(createErrors(configMap({ data: {}, binaryData: { '..': 'AA==' } })), ['binaryData[..]: Invalid value: "..": must not be \'..\'']);
  });

  it('refuses a key in both data and binaryData, non-base64 bytes and non-string values', () => {
    assert.deepEqual(createErrors(configMap({ data: { k: 'v' }, binaryData: { k: 'AA==' } })), ['binaryData[k]: Invalid value: "k": duplicate of key present in data']);
    assert.deepEqual(createErrors(configMap({ data: {}, binaryData: { k: 'not base64!' } })), ['binaryData[k]: Invalid value: "": must be base64-encoded bytes']);
    assert.deepEqual(createErrors(configMap({ data: { n: 5 } })), ['data[n]: Invalid value: 5: must be a string']);
  });

  it('bounds the values to 1 MiB together', () => {
    const half = 'x'.repeat(MAX_CONFIG_MAP_BYTES / 2);
    assert.deepEqual(createErrors(configMap({ data: { a: half, b: half }, binaryData: {} })), []);
    assert.deepEqual(createErrors(configMap({ data: { a: half, b: `${half}x` }, binaryData: {} })), ['data: Too long: must have at most 1048576 bytes']);
  });

  it('freezes data and the flag itself once immutable', () => {
    const frozen = configMap({ immutable: true });
    assert.deepEqual(updateErrors(configMap({ immutable: true }), frozen), []);
    assert.deepEqual(updateErrors(configMap({ immutable: true, data: { LOG_LEVEL: 'debug' } }), frozen), ['data: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(updateErrors(configMap({ immutable: false }), frozen), ['immutable: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(updateErrors(configMap({ data: { LOG_LEVEL: 'debug' } }), configMap({})), []);
  });

  it('prints NAME DATA AGE, counting both maps', () => {
    const cm = configMap({ metadata: { name: 'web-config', creationTimestamp: '2026-03-01T11:59:00Z' } });
    assert.deepEqual(configMapTable.row(cm, new Date('2026-03-01T12:00:00Z')), ['web-config', '3', '60s']);
  });
});
