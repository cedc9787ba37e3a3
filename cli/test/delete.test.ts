// flotctl delete against a real etcd and apiserver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../../api/types/pod.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { flotctl, startFlotctl } from '../../testkit/processes/flotctl-process.js';
import { objectExists } from '../../testkit/objects/object-exists.js';
import { resources, type ResourceInfo } from '../../api/resources.js';

let dir: string;

function pod(name: string, labels: Record<string, string>, extra: Partial<Pod['spec']> = {}, finalizers?: string[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, finalizers },
    spec: { containers: [{ name: 'app', image: 'flotilla/busybox:latest' }], ...extra },
  };
}

function exists(resource: ResourceInfo, name: string, namespace = 'default'): Promise<boolean> {
  return objectExists(env.client, resource, namespace, name);
}

const env = useControlPlane({}, {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotctl-delete-'));
  },
  tearDown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
});

test('delete by name: kubectl message, then NotFound; --ignore-not-found', async () => {
  await env.client.create(resources.pods, pod('one', { app: 'a' }));
  const r = await flotctl(env.address, ['delete', 'pod', 'one']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pod "one" deleted\n');
  assert.equal(await exists(resources.pods, 'one'), false);

  const again = await flotctl(env.address, ['delete', 'pod', 'one']);
  assert.equal(again.code, 1);
  assert.equal(again.stderr, 'Error from server (NotFound): pods "one" not found\n');
  const ignored = await flotctl(env.address, ['delete', 'pod', 'one', '--ignore-not-found']);
  assert.equal(ignored.code, 0);
  assert.equal(ignored.stdout, '');
});

test('delete -f removes what the manifest names, with group-qualified kinds', async () => {
  const manifest = join(dir, 'stack.yaml');
  writeFileSync(
    manifest,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n' +
      '  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: flotilla/nginx:1.22\n' +
      '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: two\nspec:\n  containers:\n  - name: app\n    image: busybox\n',
  );
  const created = await flotctl(env.address, ['apply', '-f', manifest]);
  assert.equal(created.code, 0, created.stderr);
  const r = await flotctl(env.address, ['delete', '-f', manifest]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'deployment.apps "web" deleted\npod "two" deleted\n');
  assert.equal(await exists(resources.deployments, 'web'), false);
  assert.equal(await exists(resources.pods, 'two'), false);
});

test('delete -l deletes only the matching objects; --all deletes the rest', async () => {
  await env.client.create(resources.pods, pod('x-1', { app: 'x' }));
  await env.client.create(resources.pods, pod('x-2', { app: 'x' }));
  await env.client.create(resources.pods, pod('y-1', { app: 'y' }));
  const r = await flotctl(env.address, ['delete', 'pods', '-l', 'app=x']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pod "x-1" deleted\npod "x-2" deleted\n');
  assert.equal(await exists(resources.pods, 'y-1'), true);

  const none = await flotctl(env.address, ['delete', 'pods', '-l', 'app=x']);
  assert.equal(none.stdout, 'No resources found\n', none.stderr);

  const all = await flotctl(env.address, ['delete', 'pods', '--all']);
  assert.equal(all.stdout, 'pod "y-1" deleted\n', all.stderr);
  const noName = await flotctl(env.address, ['delete', 'pods']);
  assert.equal(noName.code, 1);
  assert.equal(noName.stderr, 'error: resource(s) were provided, but no name was specified\n');
});

test('--wait waits for a finalizer to be released; --wait=false and --timeout do not', async () => {
  await env.client.create(resources.pods, pod('held', { app: 'h' }, {}, ['example.com/hold']));
  const noWait = await flotctl(env.address, ['delete', 'pod', 'held', '--wait=false']);
  assert.equal(noWait.code, 0, noWait.stderr);
  assert.equal(noWait.stdout, 'pod "held" deleted\n');
  assert.equal(await exists(resources.pods, 'held'), true, 'the finalizer keeps it');

  const timedOut = await flotctl(env.address, ['delete', 'pod', 'held', '--timeout', '1s']);
  assert.equal(timedOut.code, 1);
  assert.equal(timedOut.stderr, 'error: timed out waiting for the condition on pods/held\n');

  const waiting = startFlotctl(env.address, ['delete', 'pod', 'held']);
  try {
    // The message comes once the delete call has returned; from then on flotctl only waits.
    await waiting.waitForOutput(/^pod "held" deleted\n$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(waiting.child.exitCode, null, 'still waiting while the finalizer holds the pod');
    const held = await env.client.get<Pod>(resources.pods, 'default', 'held');
    await env.client.update(resources.pods, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    assert.equal(await waiting.exited, 0);
  } finally {
    await waiting.stop();
  }
  assert.equal(await exists(resources.pods, 'held'), false);
});

test('--dry-run deletes nothing; --force --grace-period=0 warns and says force deleted', async () => {
  await env.client.create(resources.pods, pod('kept', { app: 'k' }));
  const clientDry = await flotctl(env.address, ['delete', 'pod', 'kept', '--dry-run=client']);
  assert.equal(clientDry.stdout, 'pod "kept" deleted (dry run)\n', clientDry.stderr);
  const serverDry = await flotctl(env.address, ['delete', 'pod', 'kept', '--dry-run=server']);
  assert.equal(serverDry.stdout, 'pod "kept" deleted (server dry run)\n', serverDry.stderr);
  assert.equal(await exists(resources.pods, 'kept'), true);

  await env.client.create(resources.pods, pod('bound', { app: 'b' }, { nodeName: 'node-a' }));
  const forced = await flotctl(env.address, ['delete', 'pod', 'bound', '--force', '--grace-period=0']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.stdout, 'pod "bound" force deleted\n');
  assert.match(forced.stderr, /^Warning: Immediate deletion does not wait for confirmation/);
  assert.equal(await exists(resources.pods, 'bound'), false);
});
