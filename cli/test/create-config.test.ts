// flotctl create configmap / create secret generic against the real
// apiserver: literal, file, directory and env-file sources, the objects they
// store, `get cm` and `get secret` columns, and sources refused before sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resources } from '../../api/resources.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

let dir: string;
const env = useControlPlane({}, {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotctl-create-config-'));
  },
  tearDown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
});

test('create configmap from literals, a renamed file, a directory; binary files go to binaryData', async () => {
  writeFileSync(join(dir, 'app.properties'), 'greeting=hello\n');
  mkdirSync(join(dir, 'conf'));
  writeFileSync(join(dir, 'conf', 'a.conf'), 'a');
  writeFileSync(join(dir, 'conf', 'logo.bin'), Buffer.from([0xff, 0x00, 0xfe]));
  const created = await flotctl(env.address, ['create', 'configmap', 'app-config', '--from-literal=LOG_LEVEL=debug', `--from-file=app.conf=${join(dir, 'app.properties')}`, `--from-file=${join(dir, 'conf')}`]);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'configmap/app-config created\n');
  const cm = await env.client.get(resources.configMaps, 'default', 'app-config');
  assert.deepEqual(cm.data, { 'app.conf': 'greeting=hello\n', 'a.conf': 'a', LOG_LEVEL: 'debug' });
  assert.deepEqual(cm.binaryData, { 'logo.bin': '/wD+' });
  const got = await flotctl(env.address, ['get', 'cm', 'app-config']);
  assert.match(got.stdout, /^NAME\s+DATA\s+AGE\napp-config\s+4\s+\S+\n$/);
});

test('create secret generic from an env file and literals; get secret prints TYPE and DATA', async () => {
  writeFileSync(join(dir, 'db.env'), '# credentials\nDB_USER=admin\n\nDB_PASSWORD=s3cr3t\n');
  const fromEnv = await flotctl(env.address, ['create', 'secret', 'generic', 'db-env', `--from-env-file=${join(dir, 'db.env')}`]);
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.equal(fromEnv.stdout, 'secret/db-env created\n');
  const secret = await env.client.get(resources.secrets, 'default', 'db-env');
  assert.deepEqual(secret.data, { DB_USER: 'YWRtaW4=', DB_PASSWORD: 'czNjcjN0' });
  assert.equal(secret.type, 'Opaque');
  const typed = await flotctl(env.address, ['create', 'secret', 'generic', 'basic', '--type=kubernetes.io/basic-auth', '--from-literal=username=u', '--from-literal=password=p']);
  assert.equal(typed.code, 0, typed.stderr);
  const got = await flotctl(env.address, ['get', 'secret']);
  assert.match(got.stdout, /^NAME\s+TYPE\s+DATA\s+AGE\nbasic\s+kubernetes.io\/basic-auth\s+2\s+\S+\ndb-env\s+Opaque\s+2\s+\S+\n$/);
});

test('bad sources are refused before anything is sent; server errors name the field', async () => {
  const slash = await flotctl(env.address, ['create', 'configmap', 'bad', '--from-literal=a/b=c']);
  assert.equal(slash.code, 1);
  assert.match(slash.stderr, /"a\/b" is not a valid key name for a ConfigMap/);
  const twice = await flotctl(env.address, ['create', 'secret', 'generic', 'bad', '--from-literal=a=1', '--from-literal=a=2']);
  assert.match(twice.stderr, /cannot add key "a", another key by that name already exists/);
  const mixed = await flotctl(env.address, ['create', 'secret', 'generic', 'bad', '--from-literal=a=1', `--from-env-file=${join(dir, 'db.env')}`]);
  assert.match(mixed.stderr, /from-env-file cannot be combined with from-file or from-literal/);
  const tls = await flotctl(env.address, ['create', 'secret', 'generic', 'bad', '--type=kubernetes.io/tls', '--from-literal=tls.crt=x']);
  assert.equal(tls.code, 1);
  assert.match(tls.stderr, /Secret "bad" is invalid: data\[tls.key\]: Required value/);
  await assert.rejects(env.client.get(resources.secrets, 'default', 'bad'), /not found/);
  await assert.rejects(env.client.get(resources.configMaps, 'default', 'bad'), /not found/);
});
