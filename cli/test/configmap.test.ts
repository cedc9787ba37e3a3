// A ConfigMap through flotctl and the real apiserver: the kind added by one
// module and one registry line is stored, listed, patched and refused as
// Kubernetes does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resources } from '../../api/resources.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

let dir: string;
const env = useControlPlane({}, {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotctl-configmap-'));
  },
  tearDown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
});

function manifest(name: string, data: Record<string, string>, immutable = false): string {
  const path = join(dir, `${name}-${Object.keys(data).length}-${immutable}.json`);
  writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data, ...(immutable ? { immutable } : {}) }));
  return path;
}

test('apply, get and describe a ConfigMap by its short name', async () => {
  const applied = await flotctl(env.address, ['apply', '-f', manifest('web-config', { LOG_LEVEL: 'info', 'nginx.conf': 'server {}' })]);
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(applied.stdout, 'configmap/web-config created\n');
  const got = await flotctl(env.address, ['get', 'cm']);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /^NAME\s+DATA\s+AGE\nweb-config\s+2\s+\S+\n$/);
  const cm = await env.client.get(resources.configMaps, 'default', 'web-config');
  assert.equal(cm.data?.LOG_LEVEL, 'info');
  assert.equal(cm.metadata.generation, undefined);

  const reapplied = await flotctl(env.address, ['apply', '-f', manifest('web-config', { LOG_LEVEL: 'debug' })]);
  assert.equal(reapplied.stdout, 'configmap/web-config configured\n');
  assert.deepEqual((await env.client.get(resources.configMaps, 'default', 'web-config')).data, { LOG_LEVEL: 'debug' });
});

test('a bad key and a change to an immutable ConfigMap are refused with the field named, and nothing changes', async () => {
  const bad = await flotctl(env.address, ['apply', '-f', manifest('bad-keys', { 'a/b': 'x' })]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /ConfigMap "bad-keys" is invalid: data\[a\/b\]: Invalid value: "a\/b": a valid config key/);
  assert.equal((await flotctl(env.address, ['get', 'cm', 'bad-keys'])).code, 1);

  assert.equal((await flotctl(env.address, ['apply', '-f', manifest('frozen', { A: '1' }, true)])).code, 0);
  const change = await flotctl(env.address, ['apply', '-f', manifest('frozen', { A: '2', B: '3' }, true)]);
  assert.notEqual(change.code, 0);
  assert.match(change.stderr, /ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set/);
  assert.deepEqual((await env.client.get(resources.configMaps, 'default', 'frozen')).data, { A: '1' });
});
