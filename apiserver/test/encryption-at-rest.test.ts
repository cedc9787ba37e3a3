// Secrets at rest against a real etcd and the real apiserver process: with an
// EncryptionConfiguration, etcd's raw bytes hold ciphertext with kube-apiserver's
// prefix and the API serves plain objects (get, list with paging, watch,
// server-side apply); old keys and plain values written before still read while
// the configuration lists them; a bad file stops the apiserver naming the field.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Secret } from '../../api/types/index.js';
import { httpsRequest } from '../../testkit/https-get.js';
import { startApiServer, type TestApiServer } from '../../testkit/processes/apiserver.js';
import { startEtcd, type TestEtcd } from '../../testkit/processes/etcd.js';
import { encryptionConfigYaml, testKey, type TestProvider } from '../storage/encryption/encryption-fixtures.js';

const NS = 'default';
/** Bytes no encoding of the object would produce unless the value were stored in plain. */
const PASSWORD = 'correct-horse-battery-staple';
const KEY1 = testKey('key1');
const KEY2 = testKey('key2');
/** How long a bad configuration may take to stop the apiserver. */
const EXIT_TIMEOUT_MS = 15_000;

let etcd: TestEtcd;
let raw: Etcd3;
let logDir: string;
let api: TestApiServer | undefined;
let configs = 0;

function secret(name: string, password = PASSWORD): Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, type: 'Opaque', stringData: { password } } as Secret;
}

function password(s: Secret): string {
  return Buffer.from(s.data?.password ?? '', 'base64').toString();
}

async function rawValue(name: string): Promise<Buffer> {
  const value = await raw.get(`/registry/core/secrets/${NS}/${name}`).buffer();
  assert.ok(value, `etcd holds secret ${name}`);
  return value;
}

function assertEncrypted(value: Buffer, keyName: string): void {
  assert.ok(value.toString('latin1').startsWith(`k8s:enc:aesgcm:v1:${keyName}:`), `stored with key ${keyName}: ${value.subarray(0, 40).toString('latin1')}`);
  assert.equal(value.indexOf(PASSWORD), -1, 'the plain password is not in etcd');
  assert.equal(value.indexOf(Buffer.from(PASSWORD).toString('base64')), -1, 'nor its base64');
  assert.equal(value.indexOf('"kind":"Secret"'), -1, 'nor the object JSON');
}

function configFile(providers: TestProvider[]): string {
  const file = join(logDir, `encryption-${++configs}.yaml`);
  writeFileSync(file, encryptionConfigYaml(['secrets'], providers), { mode: 0o600 });
  return file;
}

/** Restarts the apiserver with this configuration (none: plain). */
async function restart(providers?: TestProvider[]): Promise<TestApiServer> {
  await api?.stop();
  const extraArgs = providers ? ['--encryption-provider-config', configFile(providers)] : [];
  api = await startApiServer(etcd.endpoint, logDir, { https: true, extraArgs });
  return api;
}

async function http(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; json: any }> {
  const server = api as TestApiServer;
  const res = await httpsRequest(method, `https://127.0.0.1:${server.httpsPort}${path}`, {
    ca: readFileSync(server.caFile as string),
    token: server.token,
    ...(body === undefined ? {} : { body, headers: { 'content-type': contentType ?? 'application/json' } }),
  });
  return { status: res.status, json: JSON.parse(res.body) };
}

before(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'flotilla-encryption-'));
  etcd = await startEtcd(logDir);
  raw = new Etcd3({ hosts: etcd.endpoint });
});

after(async () => {
  await api?.stop();
  raw?.close();
  await etcd?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

describe('Secrets encrypted at rest', () => {
  it('stores plain without a configuration', async () => {
    await (await restart()).client().create(resources.secrets, secret('written-plain'));
    assert.ok((await rawValue('written-plain')).includes('"kind":"Secret"'));
  });

  it('encrypts with the first provider, serves plain objects, and still reads plain values through identity', async () => {
    const client = (await restart([{ aesgcm: [KEY1] }, 'identity'])).client();
    const created = await client.create(resources.secrets, secret('db'));
    assert.equal(password(created), PASSWORD);
    assertEncrypted(await rawValue('db'), 'key1');
    assert.equal(password(await client.get(resources.secrets, NS, 'db')), PASSWORD);
    assert.equal(password(await client.get(resources.secrets, NS, 'written-plain')), PASSWORD, 'a value written before encryption reads');
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-secret', namespace: NS }, data: { k: PASSWORD } };
    await client.create(resources.configMaps, configMap as never);
    assert.ok((await raw.get(`/registry/core/configmaps/${NS}/not-secret`).string())?.includes(PASSWORD), 'other resources stay plain');
  });

  it('lists in pages, watches and applies through the encryption', async () => {
    const client = (api as TestApiServer).client();
    const first = await http('GET', `/api/v1/namespaces/${NS}/secrets?limit=1`);
    assert.equal(first.status, 200);
    assert.equal(first.json.items.length, 1);
    const rest = await http('GET', `/api/v1/namespaces/${NS}/secrets?limit=5&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    const names = [...first.json.items, ...rest.json.items].map((s: Secret) => s.metadata.name).sort();
    assert.deepEqual(names, ['db', 'written-plain']);
    const watch = client.watch(resources.secrets, { namespace: NS, resourceVersion: first.json.metadata.resourceVersion });
    try {
      const applied = await http(
        'PATCH',
        `/api/v1/namespaces/${NS}/secrets/db?fieldManager=encryption-test`,
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  labels:\n    tier: backend\nstringData:\n  password: ${PASSWORD}-v2\n`,
        'application/apply-patch+yaml',
      );
      assert.equal(applied.status, 200, JSON.stringify(applied.json));
      for await (const event of watch) {
        if (event.type === 'MODIFIED' && event.object.metadata.name === 'db') {
          assert.equal(password(event.object), `${PASSWORD}-v2`);
          assert.equal(event.object.metadata.labels?.tier, 'backend');
          break;
        }
      }
    } finally {
      watch.cancel();
    }
    assertEncrypted(await rawValue('db'), 'key1');
  });

  it('rotates: a new first key writes, the old key still reads', async () => {
    const client = (await restart([{ aesgcm: [KEY2, KEY1] }, 'identity'])).client();
    assert.equal(password(await client.get(resources.secrets, NS, 'db')), `${PASSWORD}-v2`);
    await client.create(resources.secrets, secret('after-rotation'));
    assertEncrypted(await rawValue('after-rotation'), 'key2');
    const db = await client.get(resources.secrets, NS, 'db');
    await client.update(resources.secrets, { ...db, metadata: { ...db.metadata, labels: { rotated: 'yes' } } });
    assertEncrypted(await rawValue('db'), 'key2');
  });

  it('refuses to serve values no configured provider reads, naming the key', async () => {
    const client = (await restart([{ aesgcm: [KEY2] }])).client();
    assert.equal(password(await client.get(resources.secrets, NS, 'after-rotation')), PASSWORD);
    await assert.rejects(
      client.get(resources.secrets, NS, 'written-plain'),
      (err) => isApiError(err, 'InternalError') && /secrets\/default\/written-plain: the value is not encrypted/.test(err.message),
    );
  });

  it('does not start with a bad configuration, and names the field', async () => {
    await api?.stop();
    api = undefined;
    const bad = configFile([{ aesgcm: [{ name: 'short', secret: Buffer.from('0123456789').toString('base64') }] }]);
    await assert.rejects(startApiServer(etcd.endpoint, logDir, { name: 'apiserver-bad-config', extraArgs: ['--encryption-provider-config', bad] }), /apiserver-bad-config exited with 1/);
    const deadline = Date.now() + EXIT_TIMEOUT_MS;
    let log = '';
    while (Date.now() < deadline && !log.includes('keys[0].secret')) {
      log = readFileSync(join(logDir, 'apiserver-bad-config.log'), 'utf8');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(log, /resources\[0\]\.providers\[0\]\.aesgcm\.keys\[0\]\.secret: Invalid value: the key is 10 bytes/);
  });
});
