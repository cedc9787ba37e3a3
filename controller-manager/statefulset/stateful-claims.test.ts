import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, StatefulSet } from '../../api/types/index.js';
import type { PersistentVolumeClaim } from '../../api/types/storage.js';
import { claimsForOrdinal, ensureClaims, withClaimVolumes, type ClaimAccess } from './stateful-claims.js';

function webSet(policy?: { whenDeleted?: string; whenScaled?: string }): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns', uid: 'sts-uid' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], volumes: [{ name: 'www', emptyDir: {} }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'web' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...(policy ? { persistentVolumeClaimRetentionPolicy: policy } : {}),
    },
  };
}

const pod = (name: string, uid: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid }, spec: { containers: [] } });

class FakeClaims implements ClaimAccess {
  readonly store = new Map<string, PersistentVolumeClaim>();
  readonly writes: string[] = [];
  cached(_ns: string, name: string) {
    return this.store.get(name);
  }
  async create(claim: PersistentVolumeClaim, podName: string) {
    this.writes.push(`create ${claim.metadata.name} for ${podName}`);
    this.store.set(claim.metadata.name ?? '', claim);
  }
  async update(claim: PersistentVolumeClaim) {
    this.writes.push(`update ${claim.metadata.name}`);
    this.store.set(claim.metadata.name ?? '', claim);
  }
  owners(name: string): string[] {
    return (this.store.get(name)?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}${r.controller ? ' (controller)' : ''}`);
  }
}

test('each ordinal gets <template>-<set>-<ordinal> with the template labels plus the selector, mounted under the template name', () => {
  const [claim] = claimsForOrdinal(webSet(), 2);
  assert.equal(claim?.metadata.name, 'www-web-2');
  assert.equal(claim?.metadata.namespace, 'ns');
  assert.deepEqual(claim?.metadata.labels, { tier: 'web', app: 'nginx' });
  assert.equal(claim?.kind, 'PersistentVolumeClaim');
  const mounted = withClaimVolumes(pod('web-2', 'p'), webSet(), 2);
  assert.deepEqual(mounted.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-2' } }]);
});

test('Retain (the default) creates claims without owners and reuses an existing one', async () => {
  const claims = new FakeClaims();
  await ensureClaims(claims, webSet(), 0, undefined, false);
  await ensureClaims(claims, webSet(), 0, pod('web-0', 'p0'), false);
  assert.deepEqual(claims.writes, ['create www-web-0 for web-0']);
  assert.deepEqual(claims.owners('www-web-0'), []);
});

test('whenDeleted Delete makes the set the controller of its claims', async () => {
  const claims = new FakeClaims();
  await ensureClaims(claims, webSet({ whenDeleted: 'Delete', whenScaled: 'Retain' }), 0, undefined, false);
  assert.deepEqual(claims.owners('www-web-0'), ['StatefulSet/web (controller)']);
  // Switching back to Retain removes the reference again.
  await ensureClaims(claims, webSet(), 0, pod('web-0', 'p0'), false);
  assert.deepEqual(claims.owners('www-web-0'), []);
});

test('whenScaled Delete gives a condemned pod its claim, replacing the set; a live ordinal keeps the set', async () => {
  const claims = new FakeClaims();
  const sts = webSet({ whenDeleted: 'Delete', whenScaled: 'Delete' });
  await ensureClaims(claims, sts, 3, undefined, false);
  assert.deepEqual(claims.owners('www-web-3'), ['StatefulSet/web (controller)']);
  await ensureClaims(claims, sts, 3, pod('web-3', 'p3'), true);
  assert.deepEqual(claims.owners('www-web-3'), ['Pod/web-3']);
  const scaledOnly = webSet({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  await ensureClaims(claims, scaledOnly, 1, pod('web-1', 'p1'), false);
  assert.deepEqual(claims.owners('www-web-1'), []);
});

test('a claim another controller owns is left alone; a new pod waits for a claim being deleted', async () => {
  const claims = new FakeClaims();
  const sts = webSet({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  const [foreign] = claimsForOrdinal(sts, 0);
  foreign!.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Thing', name: 'other', uid: 'x', controller: true }];
  claims.store.set('www-web-0', foreign!);
  await ensureClaims(claims, sts, 0, pod('web-0', 'p0'), false);
  assert.deepEqual(claims.writes, []);
  foreign!.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  await assert.rejects(ensureClaims(claims, sts, 0, undefined, false), { message: 'pvc www-web-0 is being deleted' });
});
