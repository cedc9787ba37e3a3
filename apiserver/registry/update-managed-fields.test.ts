// A client whose cache drops managedFields (the components' informers) writes
// objects back without them: the stored owners must survive, as in Kubernetes,
// where only an explicit `[{}]` clears them and an empty list does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { stripManagedFields } from '../../client/strip-managed-fields.js';
import { harness } from './registry-fixtures.js';

const PODS = findResource('pods') as ResourceInfo;
const CREATOR = 'kubectl-create';
const CONTROLLER = 'controller-manager';

function pod(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } });
}

const managersOf = (obj: KubeObject): string[] => ((obj.metadata.managedFields ?? []) as { manager: string }[]).map((m) => m.manager).sort();

async function created(name: string): Promise<{ update(obj: KubeObject): Promise<KubeObject>; stored: KubeObject }> {
  const { registry } = await harness();
  const stored = await registry.create(PODS, 'default', pod(name), false, CREATOR);
  assert.deepEqual(managersOf(stored), [CREATOR]);
  return { update: (obj) => registry.update(PODS, 'default', JSON.stringify(obj), false, { manager: CONTROLLER }), stored };
}

describe('an update without managedFields', () => {
  it('keeps the stored owners and adds the writer for what it changed', async () => {
    const { update, stored } = await created('labelled');
    const cached = stripManagedFields(stored);
    const written = await update({ ...cached, metadata: { ...cached.metadata, labels: { app: 'web' } } });
    assert.deepEqual(managersOf(written), [CONTROLLER, CREATOR].sort());
  });

  it('writes nothing when it changes nothing else', async () => {
    const { update, stored } = await created('unchanged');
    const written = await update(stripManagedFields(stored));
    assert.equal(written.metadata.resourceVersion, stored.metadata.resourceVersion);
    assert.deepEqual(written.metadata.managedFields, stored.metadata.managedFields);
  });

  it('keeps them for an empty list too, and clears them only for [{}]', async () => {
    const { update, stored } = await created('reset');
    const empty = await update({ ...stored, metadata: { ...stored.metadata, managedFields: [], labels: { a: '1' } } });
    assert.deepEqual(managersOf(empty), [CONTROLLER, CREATOR].sort());
    const reset = await update({ ...empty, metadata: { ...empty.metadata, managedFields: [{}] } });
    assert.equal(reset.metadata.managedFields, undefined);
  });
});
