import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, TokenRequest } from '../../api/types/index.js';
import { PodTokens } from './pod-tokens.js';

const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'uid-1' }, spec: { containers: [], serviceAccountName: 'builder' } };

test('a pod token is asked for bound to the pod and renewed past 80% of its lifetime', async () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const asked: { namespace: string; account: string; request: TokenRequest }[] = [];
  const client = {
    createToken: (namespace: string, account: string, request: TokenRequest): Promise<TokenRequest> => {
      asked.push({ namespace, account, request });
      const expires = new Date(now + (request.spec.expirationSeconds ?? 0) * 1000).toISOString();
      return Promise.resolve({ ...request, status: { token: `t${asked.length}`, expirationTimestamp: expires } });
    },
  };
  const tokens = new PodTokens(client, () => now);
  const wish = { expirationSeconds: 3607 };
  assert.equal(await tokens.token(pod, wish), 't1');
  assert.deepEqual(asked[0].request.spec, { audiences: [], expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'uid-1' } });
  assert.deepEqual([asked[0].namespace, asked[0].account], ['shop', 'builder']);
  now += 0.79 * 3607 * 1000;
  assert.equal(await tokens.token(pod, wish), 't1');
  now += 0.02 * 3607 * 1000;
  assert.equal(await tokens.token(pod, wish), 't2');
  assert.equal(await tokens.token(pod, { audience: 'vault', expirationSeconds: 3607 }), 't3');
  assert.deepEqual(asked[2].request.spec.audiences, ['vault']);
});
