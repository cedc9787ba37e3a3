import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import { fieldValidationOf, validateFields } from './field-validation.js';

function response(): ServerResponse & { headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = {};
  return { headers, setHeader: (name: string, value: unknown) => void (headers[name] = value) } as unknown as ServerResponse & { headers: Record<string, unknown> };
}

const TYPO = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicaz: 2, template: { spec: { containers: [{ name: 'a', imagee: 'x' }] } } } });

test('fieldValidation: Warn by default, the three modes, anything else refused', () => {
  assert.equal(fieldValidationOf(new URLSearchParams()), 'Warn');
  for (const mode of ['Strict', 'Warn', 'Ignore']) assert.equal(fieldValidationOf(new URLSearchParams({ fieldValidation: mode })), mode);
  assert.throws(() => fieldValidationOf(new URLSearchParams({ fieldValidation: 'strict' })), (err) => isApiError(err, 'BadRequest'));
});

test('Strict refuses unknown fields with the strict decoding error, naming each', () => {
  assert.throws(
    () => validateFields(resources.deployments, TYPO, 'Strict', response()),
    (err) =>
      isApiError(err, 'BadRequest') &&
      err.message ===
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz", unknown field "spec.template.spec.containers[0].imagee"',
  );
});

test('Warn sets one Warning header per unknown field; Ignore and known fields set none', () => {
  const warned = response();
  validateFields(resources.deployments, TYPO, 'Warn', warned);
  assert.deepEqual(warned.headers.Warning, ['299 - "unknown field \\"spec.replicaz\\""', '299 - "unknown field \\"spec.template.spec.containers[0].imagee\\""']);
  const ignored = response();
  validateFields(resources.deployments, TYPO, 'Ignore', ignored);
  assert.deepEqual(ignored.headers, {});
  const clean = response();
  validateFields(resources.deployments, JSON.stringify({ spec: { replicas: 2, $retainKeys: ['replicas'] } }), 'Strict', clean);
  assert.deepEqual(clean.headers, {});
});
