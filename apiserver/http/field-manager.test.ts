import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { managerFromUserAgent } from '../registry/managed-fields.js';
import { fieldManagerOf } from './field-manager.js';

const request = (userAgent?: string): IncomingMessage => ({ headers: userAgent ? { 'user-agent': userAgent } : {} }) as IncomingMessage;

test('the manager is the fieldManager parameter, else the User-Agent up to its first slash', () => {
  assert.equal(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abc'), 'kubectl');
  assert.equal(managerFromUserAgent('controller-manager/flotilla grpc-node-js/1.14.7'), 'controller-manager');
  assert.equal(managerFromUserAgent(undefined), '');
  assert.equal(fieldManagerOf(request('kubectl/v1.32.0'), new URLSearchParams('fieldManager=kubectl-edit'), 'PatchOptions'), 'kubectl-edit');
  assert.equal(fieldManagerOf(request('kubectl/v1.32.0'), new URLSearchParams(''), 'UpdateOptions'), 'kubectl');
});

test('apply needs a fieldManager; force is for apply only; a manager is printable and short', () => {
  const refusal = (query: string, apply: boolean, message: string): void => {
    assert.throws(
      () => fieldManagerOf(request('kubectl/v1.32.0'), new URLSearchParams(query), 'PatchOptions', apply),
      (err) => isApiError(err, 'Invalid') && err.message === message,
    );
  };
  refusal('', true, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  refusal('fieldManager=m&force=true', false, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  assert.throws(() => fieldManagerOf(request(), new URLSearchParams(`fieldManager=${'m'.repeat(129)}`), 'PatchOptions'), (err) => isApiError(err, 'Invalid'));
  assert.throws(() => fieldManagerOf(request(), new URLSearchParams('fieldManager=a%07b'), 'PatchOptions'), (err) => isApiError(err, 'Invalid') && /printable/.test(err.message));
  assert.equal(fieldManagerOf(request(), new URLSearchParams('fieldManager=m&force=true'), 'PatchOptions', true), 'm');
});
