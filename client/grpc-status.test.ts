import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, invalid, notFound } from '../api/errors.js';
import {
  asciiJson,
  boundedStatus,
  fromServiceError,
  MAX_CAUSE_MESSAGE_CHARS,
  MAX_ERROR_MESSAGE_CHARS,
  MAX_STATUS_JSON_BYTES,
  STATUS_METADATA_KEY,
  toServiceError,
} from './grpc-status.js';

describe('toServiceError', () => {
  it('sends non-ASCII text as escaped JSON that the client reads back unchanged', () => {
    const err = invalid('Pod', '', 'pöd😀', [{ field: 'metadata.name', type: 'Invalid', value: 'pöd😀', detail: 'bad' }]);
    const wire = toServiceError(err);
    const raw = wire.metadata?.get(STATUS_METADATA_KEY)[0] as string;
    assert.match(raw, /^[\x20-\x7e]*$/);
    const back = fromServiceError(wire);
    assert.equal(back.reason, 'Invalid');
    assert.equal(back.message, err.message);
    assert.equal(back.details.name, 'pöd😀');
  });

  it('keeps small errors as they are', () => {
    const err = notFound('pods', 'web');
    assert.deepEqual(fromServiceError(toServiceError(err)).toStatus(), JSON.parse(JSON.stringify(err.toStatus())));
  });

  it('answers even when the error carries values of the wrong type', () => {
    const odd = new ApiError('Invalid', 'Pod "" is invalid', { name: {} as unknown as string, causes: [{ message: 5 as unknown as string, field: 'x' }] });
    const back = fromServiceError(toServiceError(odd));
    assert.equal(back.reason, 'Invalid');
    assert.equal(back.message, 'Pod "" is invalid');
  });

  it('turns anything else into an InternalError', () => {
    const back = fromServiceError(toServiceError(new TypeError('boom')));
    assert.equal(back.reason, 'InternalError');
    assert.equal(back.message, 'Internal error occurred: boom');
  });
});

describe('boundedStatus', () => {
  it('cuts long messages, names and causes, saying how much was left out', () => {
    const huge = 'y'.repeat(100_000);
    const errors = Array.from({ length: 400 }, (_, i) => ({ field: `metadata.labels[k${i}]`, type: 'Invalid' as const, value: huge }));
    const status = boundedStatus(invalid('Pod', '', huge, errors));
    assert.ok(status.message.length < MAX_ERROR_MESSAGE_CHARS + 50);
    assert.match(status.message, /\.\.\. \(\d+ more characters\)$/);
    assert.ok((status.details?.name ?? '').length < MAX_CAUSE_MESSAGE_CHARS + 50);
    const causes = status.details?.causes ?? [];
    assert.ok(causes.length > 0 && causes.length < 400);
    assert.ok(causes.every((c) => (c.message ?? '').length < MAX_CAUSE_MESSAGE_CHARS + 50));
    assert.ok(Buffer.byteLength(asciiJson(status)) <= MAX_STATUS_JSON_BYTES);
  });
});
