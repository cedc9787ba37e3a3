import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ClientClosedError,
  EtcdLeaseInvalidError,
  GRPCDeadlineExceededError,
  GRPCInvalidArgumentError,
  GRPCOutOfRangeError,
  GRPCResourceExhastedError,
  GRPCUnavailableError,
} from 'etcd3';
import { fromEtcdError } from './etcd-errors.js';
import { StorageError } from './storage-errors.js';

function reasonOf(err: unknown): string {
  return fromEtcdError(err).reason;
}

describe('fromEtcdError', () => {
  it('maps the etcd3 client classes', () => {
    assert.equal(reasonOf(new EtcdLeaseInvalidError('7')), 'LeaseNotFound');
    assert.equal(reasonOf(new GRPCUnavailableError('etcdserver: request timed out')), 'Unavailable');
    assert.equal(reasonOf(new GRPCDeadlineExceededError('Deadline exceeded')), 'Unavailable');
    assert.equal(reasonOf(new ClientClosedError('KV')), 'Unavailable');
  });

  it('tells apart the conditions etcd gives one status code', () => {
    assert.equal(reasonOf(new GRPCOutOfRangeError('etcdserver: mvcc: required revision has been compacted')), 'Compacted');
    assert.equal(reasonOf(new GRPCOutOfRangeError('etcdserver: mvcc: required revision is a future revision')), 'FutureRevision');
    assert.equal(reasonOf(new GRPCInvalidArgumentError('etcdserver: request is too large')), 'TooLarge');
    assert.equal(reasonOf(new GRPCResourceExhastedError('Received message larger than max (5 vs. 4)')), 'TooLarge');
    assert.equal(reasonOf(new GRPCResourceExhastedError('etcdserver: mvcc: database space exceeded')), 'NoSpace');
    assert.equal(reasonOf(new GRPCResourceExhastedError('etcdserver: too many requests')), 'Unavailable');
  });

  it('falls back to the text for errors the client did not cast', () => {
    assert.equal(reasonOf(new Error('11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted')), 'Compacted');
    assert.equal(reasonOf(new Error('etcdserver: requested lease not found')), 'LeaseNotFound');
  });

  it('keeps anything else as Internal with the original as its cause', () => {
    const original = new GRPCInvalidArgumentError('etcdserver: key is not provided');
    const mapped = fromEtcdError(original);
    assert.equal(mapped.reason, 'Internal');
    assert.equal(mapped.cause, original);
    assert.equal(reasonOf('a string'), 'Internal');
  });

  it('passes StorageErrors through', () => {
    const err = new StorageError('Compacted', 'x');
    assert.equal(fromEtcdError(err), err);
  });
});
