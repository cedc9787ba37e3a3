import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, invalid, notFound } from '../api/errors.js';
import { CliError, formatError, isUnreachable } from './cli-error.js';

test('server errors carry their reason; local ones are plain errors', () => {
  assert.equal(formatError(notFound('pods', 'x'), 's:1'), 'Error from server (NotFound): pods "x" not found');
  const bad = invalid('Deployment', 'apps', 'web', [{ field: 'spec.replicas', type: 'Invalid', value: -1, detail: 'must be greater than or equal to 0' }]);
  assert.equal(
    formatError(bad, 's:1', 'error when creating "f.yaml": '),
    'Error from server (Invalid): error when creating "f.yaml": Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );
  assert.equal(formatError(new CliError('the server doesn\'t have a resource type "foo"'), 's:1'), 'error: the server doesn\'t have a resource type "foo"');
  assert.equal(formatError(new Error('boom'), 's:1'), 'error: boom');
});

test('an unreachable server is named', () => {
  const refused = new ApiError('ServiceUnavailable', 'the server is not reachable: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1');
  assert.ok(isUnreachable(refused));
  assert.equal(formatError(refused, '127.0.0.1:1'), 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  const plaintextAtTls = new ApiError('ServiceUnavailable', 'the server is not reachable: No connection established. Last error: Failed to connect (2026-12-05T06:04:31.976Z). Resolution note: ');
  assert.match(formatError(plaintextAtTls, '127.0.0.1:7443'), /^Unable to connect to the server 127\.0\.0\.1:7443: the connection closed before the gRPC handshake - if the apiserver serves TLS, give --certificate-authority/);
  const timeout = new ApiError('ServiceUnavailable', 'the server is not reachable: Deadline exceeded');
  assert.equal(formatError(timeout, '10.0.0.1:7443'), 'Unable to connect to the server 10.0.0.1:7443: Deadline exceeded');
  const fromServer = new ApiError('ServiceUnavailable', 'etcd is not answering');
  assert.equal(isUnreachable(fromServer), false);
  assert.equal(formatError(fromServer, 's'), 'Error from server (ServiceUnavailable): etcd is not answering');
});

test('a TLS failure says why instead of blaming host and port', () => {
  const wrongCa = new ApiError('ServiceUnavailable', 'the server is not reachable: No connection established. Last error: Error: self-signed certificate in certificate chain. Resolution note: ');
  assert.equal(formatError(wrongCa, '127.0.0.1:7443'), 'Unable to connect to the server 127.0.0.1:7443: self-signed certificate in certificate chain');
  const wrongName = new ApiError('ServiceUnavailable', "the server is not reachable: No connection established. Last error: Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1");
  assert.match(formatError(wrongName, '127.0.0.2:7443'), /^Unable to connect to the server 127\.0\.0\.2:7443: .*IP: 127\.0\.0\.2 is not in the cert's list/);
});
