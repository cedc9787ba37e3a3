import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAccountTable } from '../tables/serviceaccount.js';
import { createErrors, serviceAccountFixture } from './fixtures.js';

test('a ServiceAccount is valid with secrets and pull secrets, and prints NAME SECRETS AGE', () => {
  const account = serviceAccountFixture();
  assert.deepEqual(createErrors(account), []);
  assert.deepEqual(serviceAccountTable.columns.map((c) => c.name), ['Name', 'Secrets', 'Age']);
  assert.deepEqual(serviceAccountTable.row({ ...account, metadata: { ...account.metadata, creationTimestamp: '2030-01-01T00:00:00Z' } }, new Date('2030-01-01T00:05:00Z')), ['builder', '1', '5m']);
  assert.match(createErrors({ ...account, automountServiceAccountToken: 'yes' }).join('\n'), /automountServiceAccountToken/);
  assert.match(createErrors({ ...account, metadata: { name: 'Bad_Name', namespace: 'default' } }).join('\n'), /metadata.name/);
});
