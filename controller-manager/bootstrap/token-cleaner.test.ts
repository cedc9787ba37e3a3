import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Secret } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { syncOnce } from '../common/controller-fixtures.js';
import { TokenCleaner, tokenExpiresAtMs } from './token-cleaner.js';

const secret = (namespace: string, type: string, expiration?: string): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'bootstrap-token-abcdef', namespace },
  type,
  data: expiration === undefined ? {} : { expiration: Buffer.from(expiration).toString('base64') },
});

test('only bootstrap tokens in kube-system with a readable expiration ever expire', () => {
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token', '2026-01-01T00:00:00Z')), Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token')), undefined);
  assert.equal(tokenExpiresAtMs(secret('default', 'bootstrap.kubernetes.io/token', '2026-01-01T00:00:00Z')), undefined);
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'Opaque', '2026-01-01T00:00:00Z')), undefined);
  assert.equal(tokenExpiresAtMs(secret('kube-system', 'bootstrap.kubernetes.io/token', 'soon')), undefined);
});

const EXPIRES = '2024-01-01T01:00:00Z';

async function syncAt(nowMs: number): Promise<{ deleted: boolean; requeues: number[] }> {
  const fake = new FakeApiClient();
  fake.seed('secrets', { ...secret('kube-system', 'bootstrap.kubernetes.io/token', EXPIRES), metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system', uid: 't-uid' } });
  const requeues = await syncOnce(fake, new ManualClock(nowMs), (ctx) => new TokenCleaner(ctx), 'kube-system/bootstrap-token-abcdef');
  return { deleted: fake.calls.some((c) => c.method === 'delete' && c.resource === 'secrets'), requeues };
}

test('a token is deleted once the controller clock reaches its expiration, and waited for until then', async () => {
  const before = await syncAt(Date.parse(EXPIRES) - 5_000);
  assert.deepEqual(before, { deleted: false, requeues: [5_000] });
  const at = await syncAt(Date.parse(EXPIRES));
  assert.deepEqual(at, { deleted: true, requeues: [] });
});
