import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { RESOURCES, resources } from '../../api/resources.js';
import { assertReadableBody, decodeBody } from './decode-body.js';
import { messageType, UNKNOWN_TYPE } from './protobuf/k8s-messages.js';
import { PROTOBUF_MAGIC } from './protobuf/decode-object.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function configMapBody(): Buffer {
  const configMap = messageType('k8s.io.api.core.v1.ConfigMap');
  const raw = configMap.encode(configMap.fromObject({ metadata: { name: 'cfg' }, data: { a: 'b' } })).finish();
  const unknown = messageType(UNKNOWN_TYPE);
  return Buffer.concat([PROTOBUF_MAGIC, unknown.encode(unknown.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw })).finish()]);
}

describe('decodeBody', () => {
  it('returns JSON bodies as their text, with or without a Content-Type', () => {
    const text = '{"kind":"ConfigMap","data":{"é":"b"}}';
    assert.equal(decodeBody('application/json; charset=utf-8', Buffer.from(text), resources.configMaps), text);
    assert.equal(decodeBody(undefined, Buffer.from(text), resources.configMaps), text);
  });

  it('converts a protobuf body of a declared kind to JSON text', () => {
    const json: unknown = JSON.parse(decodeBody(PROTOBUF, configMapBody(), resources.configMaps));
    assert.deepEqual(json, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } });
  });

  it('refuses protobuf for a resource whose kind is not declared with 415 naming it', () => {
    const widgets = { group: 'example.com', version: 'v1', kind: 'Widget' };
    assert.throws(
      () => decodeBody(PROTOBUF, configMapBody(), widgets),
      (err: unknown) => isApiError(err, 'UnsupportedMediaType') && /Widget \(example.com\/v1\).*supported for: /.test(err.message),
    );
  });

  it('reads protobuf for every served kind', () => {
    for (const kind of RESOURCES) assert.doesNotThrow(() => assertReadableBody(PROTOBUF, kind), kind.kind);
  });

  it('keeps refusing other media types and bodies that are not UTF-8', () => {
    assert.throws(() => decodeBody('application/yaml', Buffer.from('kind: ConfigMap'), resources.configMaps), (err: unknown) => isApiError(err, 'UnsupportedMediaType'));
    assert.throws(() => decodeBody('application/json', Buffer.from([0xff, 0xfe]), resources.configMaps), (err: unknown) => isApiError(err, 'BadRequest'));
  });
});
