import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { assertJsonBody, isApplyPatch, negotiateResponse, patchTypeOf } from './media-types.js';

const KUBECTL_GET_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

test('Accept: kubectl get gets a v1 Table, others JSON, protobuf-only clients 406', () => {
  assert.deepEqual(negotiateResponse(KUBECTL_GET_ACCEPT), { kind: 'table', version: 'v1' });
  assert.deepEqual(negotiateResponse('application/json;as=Table;v=v1beta1;g=meta.k8s.io'), { kind: 'table', version: 'v1beta1' });
  assert.deepEqual(negotiateResponse(undefined), { kind: 'object' });
  assert.deepEqual(negotiateResponse('application/vnd.kubernetes.protobuf, */*'), { kind: 'object' });
  assert.deepEqual(negotiateResponse('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json'), { kind: 'metadata', version: 'v1' });
  assert.deepEqual(negotiateResponse('application/json;as=PartialObjectMetadata;v=v1beta1;g=meta.k8s.io'), { kind: 'metadata', version: 'v1beta1' });
  assert.deepEqual(negotiateResponse('application/json;as=PartialObjectMetadata;v=v2;g=meta.k8s.io,application/json'), { kind: 'object' });
  assert.throws(() => negotiateResponse('application/json;as=PartialObjectMetadata;v=v1;g=example.com'), (err) => isApiError(err, 'NotAcceptable'));
  assert.throws(() => negotiateResponse('application/vnd.kubernetes.protobuf'), (err) => isApiError(err, 'NotAcceptable'));
  assert.throws(() => negotiateResponse('application/json;as=Table;v=v1;g=meta.k8s.io;q=0'), (err) => isApiError(err, 'NotAcceptable'));
});

test('bodies: JSON (or unlabelled) only', () => {
  assert.doesNotThrow(() => assertJsonBody('application/json; charset=utf-8'));
  assert.doesNotThrow(() => assertJsonBody(undefined));
  assert.throws(() => assertJsonBody('application/vnd.kubernetes.protobuf'), (err) => isApiError(err, 'UnsupportedMediaType') && /protobuf/.test(err.message));
  assert.throws(() => assertJsonBody('application/yaml'), (err) => isApiError(err, 'UnsupportedMediaType'));
});

test('patch types by Content-Type; server-side apply in YAML is told apart, in CBOR refused', () => {
  assert.equal(patchTypeOf('application/merge-patch+json'), 'MERGE');
  assert.equal(patchTypeOf('application/strategic-merge-patch+json; charset=utf-8'), 'STRATEGIC');
  assert.equal(patchTypeOf('application/json-patch+json'), 'JSON');
  assert.ok(isApplyPatch('application/apply-patch+yaml; charset=utf-8'));
  assert.ok(!isApplyPatch('application/merge-patch+json'));
  assert.throws(() => patchTypeOf('application/apply-patch+cbor'), (err) => isApiError(err, 'UnsupportedMediaType') && /CBOR/.test(err.message));
  assert.throws(() => patchTypeOf('application/json'), (err) => isApiError(err, 'UnsupportedMediaType'));
  assert.throws(() => patchTypeOf(undefined), (err) => isApiError(err, 'UnsupportedMediaType'));
});
