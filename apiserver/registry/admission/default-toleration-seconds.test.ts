import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../../api/resources.js';
import type { KubeObject, Pod, Toleration } from '../../../api/types/index.js';
import { harness } from '../registry-fixtures.js';
import type { Registry } from '../registry.js';
import { addDefaultTolerations } from './default-toleration-seconds.js';

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const SECONDS = { notReady: 40, unreachable: 70 };
const notReady: Toleration = { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 40 };
const unreachable: Toleration = { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 70 };

function pod(tolerations?: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...(tolerations === undefined ? {} : { tolerations }) } };
}

function tolerationsAfter(tolerations?: unknown): unknown {
  const p = pod(tolerations);
  addDefaultTolerations(p, SECONDS);
  return (p.spec as { tolerations?: unknown }).tolerations;
}

describe('addDefaultTolerations', () => {
  it('adds not-ready, then unreachable, each with its own seconds, after what the pod has', () => {
    assert.deepEqual(tolerationsAfter(), [notReady, unreachable]);
    const gpu = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' };
    assert.deepEqual(tolerationsAfter([gpu]), [gpu, notReady, unreachable]);
  });

  it('keeps a pod\'s own toleration for either taint, adding only the other', () => {
    const own = { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
    assert.deepEqual(tolerationsAfter([own]), [own, notReady]);
    const forever = { key: NOT_READY, operator: 'Exists', effect: 'NoExecute' };
    assert.deepEqual(tolerationsAfter([forever]), [forever, unreachable]);
  });

  it('counts a toleration with no effect, or no key, as covering the taint, whatever its operator', () => {
    const anyEffect = { key: UNREACHABLE, operator: 'Exists' };
    assert.deepEqual(tolerationsAfter([anyEffect]), [anyEffect, notReady]);
    const everything = { operator: 'Exists' };
    assert.deepEqual(tolerationsAfter([everything]), [everything]);
    const everyNoExecute = { operator: 'Exists', effect: 'NoExecute' };
    assert.deepEqual(tolerationsAfter([everyNoExecute]), [everyNoExecute]);
    const equal = { key: NOT_READY, operator: 'Equal', value: 'x', effect: 'NoExecute' };
    assert.deepEqual(tolerationsAfter([equal]), [equal, unreachable]);
  });

  it('does not count tolerations of other effects', () => {
    const noSchedule = { key: UNREACHABLE, operator: 'Exists', effect: 'NoSchedule' };
    assert.deepEqual(tolerationsAfter([noSchedule]), [noSchedule, notReady, unreachable]);
  });

  it('adds nothing twice, and leaves tolerations of the wrong type to validation', () => {
    const p = pod();
    addDefaultTolerations(p, SECONDS);
    addDefaultTolerations(p, SECONDS);
    assert.deepEqual((p.spec as { tolerations?: unknown }).tolerations, [notReady, unreachable]);
    assert.equal(tolerationsAfter('all'), 'all');
    assert.deepEqual(tolerationsAfter([null]), [null, notReady, unreachable]);
  });
});

async function registryWith(seconds = SECONDS): Promise<Registry> {
  const { registry } = await harness();
  registry.ctx.defaultTolerationSeconds = seconds;
  return registry;
}

const stored = async (registry: Registry): Promise<Pod> => (await registry.get(resources.pods, 'default', 'web')) as Pod;

describe('DefaultTolerationSeconds in the registry', () => {
  it('gives a created pod the tolerations, and none when the plugin is off', async () => {
    const registry = await registryWith();
    await registry.create(resources.pods, 'default', JSON.stringify(pod()));
    assert.deepEqual((await stored(registry)).spec.tolerations, [notReady, unreachable]);
    const { registry: off } = await harness();
    await off.create(resources.pods, 'default', JSON.stringify(pod()));
    assert.equal((await stored(off)).spec.tolerations, undefined);
  });

  it('gives them back to a pod replaced without them, where they could not be removed otherwise', async () => {
    const registry = await registryWith();
    const created = await registry.create(resources.pods, 'default', JSON.stringify(pod()));
    const replacement = pod();
    replacement.metadata.resourceVersion = created.metadata.resourceVersion;
    replacement.metadata.labels = { tier: 'web' };
    await registry.update(resources.pods, 'default', JSON.stringify(replacement));
    const after = await stored(registry);
    assert.deepEqual(after.metadata.labels, { tier: 'web' });
    assert.deepEqual(after.spec.tolerations, [notReady, unreachable]);
  });

  it('adds them on update to a pod created while the plugin was off, but not through status', async () => {
    const registry = await registryWith();
    registry.ctx.defaultTolerationSeconds = undefined;
    await registry.create(resources.pods, 'default', JSON.stringify(pod()));
    registry.ctx.defaultTolerationSeconds = SECONDS;
    await registry.patch(resources.pods, 'default', 'web', 'MERGE', '{"status":{"phase":"Running"}}', true);
    assert.equal((await stored(registry)).spec.tolerations, undefined);
    await registry.patch(resources.pods, 'default', 'web', 'MERGE', '{"metadata":{"labels":{"tier":"web"}}}');
    assert.deepEqual((await stored(registry)).spec.tolerations, [notReady, unreachable]);
  });
});
