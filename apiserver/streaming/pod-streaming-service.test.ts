import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../api/errors.js';
import { relayError } from './pod-streaming-service.js';

test('an unreachable agent is a backend failure, not an unreachable apiserver', () => {
  const err = relayError(new ApiError('ServiceUnavailable', 'the server is not reachable: No connection established. Last error: connect ECONNREFUSED 10.0.0.2:10250'));
  assert.ok(err instanceof ApiError);
  assert.equal(err.reason, 'InternalError');
  assert.equal(err.message, 'error dialing backend: No connection established. Last error: connect ECONNREFUSED 10.0.0.2:10250');
});

test('errors the agent answered with pass through unchanged', () => {
  const original = new ApiError('BadRequest', 'previous terminated container "app" in pod "web" not found');
  assert.equal(relayError(original), original);
});
