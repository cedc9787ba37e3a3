import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalid, notFound } from '../api/errors.js';
import { applyStrategicMergePatch, patchSchemaFor } from '../api/patch/index.js';
import { findResource, type ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import { applyErrorContext, applyObject, ApplyStepError, type ApplyClient } from './apply-object.js';
import { LAST_APPLIED_ANNOTATION } from './last-applied.js';

const deployments = findResource('deployments')!;

/** Stores objects in memory and patches them with the real strategic merge code, as the apiserver would. */
class FakeServer implements ApplyClient {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  rejectWrites = false;

  private key(namespace: string, name: string): string {
    return `${namespace}/${name}`;
  }

  async get<T extends KubeObject>(info: string | ResourceInfo, namespace: string, name: string): Promise<T> {
    this.calls.push(`get ${name}`);
    const found = this.objects.get(this.key(namespace, name));
    if (!found) throw notFound((info as ResourceInfo).plural, name, (info as ResourceInfo).group);
    return structuredClone(found) as T;
  }

  async create<T extends KubeObject>(_info: string | ResourceInfo, obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
    this.calls.push(`create ${obj.metadata.name}${opts.dryRun ? ' (dry run)' : ''}`);
    if (this.rejectWrites) throw invalid('Deployment', 'apps', obj.metadata.name ?? '', [{ field: 'spec.replicas', type: 'Invalid', value: -1 }]);
    // The server fills defaults and status that apply must leave alone.
    const stored = structuredClone(obj) as KubeObject & { spec: Record<string, unknown> };
    stored.metadata.uid = 'uid-1';
    stored.spec.revisionHistoryLimit = 10;
    stored.status = { replicas: 0 };
    if (!opts.dryRun) this.objects.set(this.key(obj.metadata.namespace ?? '', obj.metadata.name ?? ''), stored);
    return structuredClone(stored) as T;
  }

  async patch<T extends KubeObject>(info: string | ResourceInfo, namespace: string, name: string, kind: string, patch: unknown, opts: { dryRun?: boolean } = {}): Promise<T> {
    this.calls.push(`patch ${name} ${kind}${opts.dryRun ? ' (dry run)' : ''}`);
    if (this.rejectWrites) throw invalid('Deployment', 'apps', name, [{ field: 'spec.replicas', type: 'Invalid', value: -1 }]);
    const current = this.objects.get(this.key(namespace, name))!;
    const schema = patchSchemaFor((info as ResourceInfo).kind)!;
    const merged = applyStrategicMergePatch(current as unknown as Record<string, unknown>, patch as Record<string, unknown>, schema) as unknown as KubeObject;
    if (!opts.dryRun) this.objects.set(this.key(namespace, name), merged);
    return structuredClone(merged) as T;
  }
}

function manifest(replicas: number, labels: Record<string, string>, image = 'flotilla/nginx:1.22'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } },
    },
  };
}

test('absent: created with the last-applied annotation', async () => {
  const server = new FakeServer();
  const result = await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  assert.equal(result.action, 'created');
  const stored = server.objects.get('default/web')!;
  const lastApplied = JSON.parse(stored.metadata.annotations![LAST_APPLIED_ANNOTATION]);
  assert.equal(lastApplied.spec.replicas, 3);
  assert.deepEqual(lastApplied.metadata.annotations, {});
});

test('an object made without apply: configured, with the annotation added and a warning flag', async () => {
  const server = new FakeServer();
  await server.create(deployments, manifest(3, { app: 'web' }));
  const result = await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  assert.equal(result.action, 'configured');
  assert.equal(result.missingLastApplied, true);
  assert.ok(server.objects.get('default/web')!.metadata.annotations?.[LAST_APPLIED_ANNOTATION]);
  const again = await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  assert.deepEqual([again.action, again.missingLastApplied], ['unchanged', false]);
});

test('same manifest again: unchanged, nothing written', async () => {
  const server = new FakeServer();
  await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  server.calls.length = 0;
  const result = await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  assert.equal(result.action, 'unchanged');
  assert.deepEqual(server.calls, ['get web']);
});

test('edited manifest: configured; removed label removed; server-set fields kept', async () => {
  const server = new FakeServer();
  await applyObject(server, deployments, manifest(3, { app: 'web', tier: 'front' }), 'none');
  const result = await applyObject(server, deployments, manifest(5, { app: 'web' }, 'flotilla/nginx:1.23'), 'none');
  assert.equal(result.action, 'configured');
  const stored = server.objects.get('default/web') as KubeObject & { spec: Record<string, any> };
  assert.equal(stored.spec.replicas, 5);
  assert.deepEqual(stored.metadata.labels, { app: 'web' });
  assert.equal(stored.spec.template.spec.containers[0].image, 'flotilla/nginx:1.23');
  assert.equal(stored.spec.revisionHistoryLimit, 10);
  assert.deepEqual(stored.status, { replicas: 0 });
  assert.equal(JSON.parse(stored.metadata.annotations![LAST_APPLIED_ANNOTATION]).spec.replicas, 5);
});

test('dry runs: client writes nothing and sends nothing; server sends with dryRun', async () => {
  const server = new FakeServer();
  const created = await applyObject(server, deployments, manifest(3, { app: 'web' }), 'client');
  assert.equal(created.action, 'created');
  assert.deepEqual(server.calls, ['get web']);
  assert.equal(server.objects.size, 0);

  await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  server.calls.length = 0;
  const configured = await applyObject(server, deployments, manifest(4, { app: 'web' }), 'client');
  assert.equal(configured.action, 'configured');
  assert.equal((configured.object.spec as { replicas: number }).replicas, 4);
  assert.deepEqual(server.calls, ['get web']);

  const serverDry = await applyObject(server, deployments, manifest(4, { app: 'web' }), 'server');
  assert.equal(serverDry.action, 'configured');
  assert.equal(server.calls.at(-1), 'patch web strategic (dry run)');
  assert.equal((server.objects.get('default/web')!.spec as { replicas: number }).replicas, 3);
});

test('failures say at which step, as kubectl reports them', async () => {
  const server = new FakeServer();
  server.rejectWrites = true;
  await assert.rejects(applyObject(server, deployments, manifest(3, { app: 'web' }), 'none'), (err: unknown) => {
    assert.ok(err instanceof ApplyStepError);
    assert.equal(err.step, 'create');
    assert.equal(applyErrorContext(err, deployments, manifest(3, {}), 'web.yaml'), 'error when creating "web.yaml": ');
    return true;
  });
  server.rejectWrites = false;
  await applyObject(server, deployments, manifest(3, { app: 'web' }), 'none');
  server.rejectWrites = true;
  await assert.rejects(applyObject(server, deployments, manifest(7, { app: 'web' }), 'none'), (err: unknown) => {
    assert.ok(err instanceof ApplyStepError);
    assert.equal(err.step, 'patch');
    const context = applyErrorContext(err, deployments, manifest(7, {}), 'web.yaml');
    assert.match(context, /^error when applying patch:\n\{.*"replicas":7.*\}\nto:\nResource: "apps\/v1, Resource=deployments", GroupVersionKind: "apps\/v1, Kind=Deployment"\nName: "web", Namespace: "default"\nfor: "web.yaml": error when patching "web.yaml": $/);
    return true;
  });
});
