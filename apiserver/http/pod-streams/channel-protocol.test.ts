import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badRequest } from '../../../api/errors.js';
import {
  chooseProtocol,
  decodeClientFrame,
  encodeFrame,
  errorStatus,
  exitStatus,
  offeredProtocols,
  PROTOCOL_V4,
  PROTOCOL_V5,
  statusFrame,
} from './channel-protocol.js';

test('the client\'s order of subprotocols wins among those spoken', () => {
  assert.deepEqual(offeredProtocols('v5.channel.k8s.io, v4.channel.k8s.io'), [PROTOCOL_V5, PROTOCOL_V4]);
  assert.deepEqual(offeredProtocols(['a, b', 'c']), ['a', 'b', 'c']);
  assert.deepEqual(offeredProtocols(undefined), []);
  assert.equal(chooseProtocol([PROTOCOL_V5, PROTOCOL_V4]), PROTOCOL_V5);
  // @kubernetes/client-node's list: v4 first, then versions this server does not speak.
  assert.equal(chooseProtocol(['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io']), PROTOCOL_V4);
  assert.equal(chooseProtocol(['channel.k8s.io', 'base64.channel.k8s.io']), undefined);
});

test('a frame is the channel byte, then the payload', () => {
  assert.deepEqual([...encodeFrame(1, Buffer.from('hi'))], [1, 0x68, 0x69]);
  assert.deepEqual([...encodeFrame(2, 'é')], [2, 0xc3, 0xa9]);
  assert.deepEqual([...encodeFrame(3)], [3]);
});

test('stdin and resize frames from the client', () => {
  assert.deepEqual(decodeClientFrame(Buffer.from([0, 0x61, 0x0a]), PROTOCOL_V4), { kind: 'stdin', data: Buffer.from('a\n') });
  assert.deepEqual(decodeClientFrame(Buffer.from([0]), PROTOCOL_V4), { kind: 'ignore' });
  assert.deepEqual(decodeClientFrame(Buffer.alloc(0), PROTOCOL_V4), { kind: 'ignore' });
  assert.deepEqual(decodeClientFrame(encodeFrame(4, '{"Width":120,"Height":40}'), PROTOCOL_V5), { kind: 'resize', width: 120, height: 40 });
  assert.equal(decodeClientFrame(encodeFrame(4, 'nope'), PROTOCOL_V5).kind, 'invalid');
  assert.equal(decodeClientFrame(encodeFrame(4, '{"Width":-1,"Height":40}'), PROTOCOL_V5).kind, 'invalid');
  // Output channels are the server's; a client writing to them is ignored, as wsstream ignores it.
  assert.deepEqual(decodeClientFrame(encodeFrame(1, 'x'), PROTOCOL_V4), { kind: 'ignore' });
  assert.deepEqual(decodeClientFrame(encodeFrame(9, 'x'), PROTOCOL_V4), { kind: 'ignore' });
});

test('v5 close signals; v4 knows no such channel', () => {
  assert.deepEqual(decodeClientFrame(Buffer.from([255, 0]), PROTOCOL_V5), { kind: 'close', channel: 0 });
  assert.equal(decodeClientFrame(Buffer.from([255]), PROTOCOL_V5).kind, 'invalid');
  assert.equal(decodeClientFrame(Buffer.from([255, 0, 1]), PROTOCOL_V5).kind, 'invalid');
  assert.equal(decodeClientFrame(Buffer.from([255, 7]), PROTOCOL_V5).kind, 'invalid');
  assert.deepEqual(decodeClientFrame(Buffer.from([255, 0]), PROTOCOL_V4), { kind: 'ignore' });
});

function decodedStatus(frame: Buffer): unknown {
  assert.equal(frame[0], 3, 'the error channel');
  return JSON.parse(frame.subarray(1).toString('utf8'));
}

test('exit 0 is a bare Success', () => {
  assert.deepEqual(decodedStatus(statusFrame(exitStatus(0))), { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success' });
});

test('a non-zero exit is NonZeroExitCode with the code as the ExitCode cause', () => {
  assert.deepEqual(decodedStatus(statusFrame(exitStatus(3))), {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: command terminated with exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  });
});

test('an exit code a client cannot read is an InternalError, not a bogus cause', () => {
  const status = exitStatus(-1);
  assert.equal(status.status, 'Failure');
  assert.equal(status.reason, 'InternalError');
  assert.equal(status.details, undefined);
});

test('a failed exec carries the error\'s own Status', () => {
  assert.deepEqual(decodedStatus(statusFrame(errorStatus(badRequest('container app is not running')))), {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: 'container app is not running',
    reason: 'BadRequest',
    code: 400,
  });
  assert.equal(errorStatus(new Error('boom')).reason, 'InternalError');
});
