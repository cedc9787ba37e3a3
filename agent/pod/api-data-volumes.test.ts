import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret, Volume } from '../../api/types/index.js';
import { apiDataPayload, apiDataVolumeNames, formatMap, skippedProjections } from './api-data-volumes.js';
import { containerMounts, refreshApiDataVolumes, setUpVolumes, VolumeError, type VolumeSourceReader } from './volumes.js';

/** These pods name no claims; their tokens say whom they were asked for. */
const NO_CLAIMS = {
  claim: () => Promise.resolve(undefined),
  volume: () => Promise.resolve(undefined),
  podToken: (pod: Pod, wish: { audience?: string; expirationSeconds: number }) =>
    Promise.resolve(`token-for-${pod.metadata.name ?? ''}-${wish.audience ?? 'api'}-${wish.expirationSeconds}`),
};

function reader(configMaps: ConfigMap[], secrets: Secret[] = []): VolumeSourceReader {
  return {
    ...NO_CLAIMS,
    configMap: (_ns, name) => Promise.resolve(configMaps.find((c) => c.metadata.name === name)),
    secret: (_ns, name) => Promise.resolve(secrets.find((s) => s.metadata.name === name)),
  };
}

function cm(name: string, data: Record<string, string>, binaryData?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data, ...(binaryData ? { binaryData } : {}) };
}

const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: Buffer.from('s3cr3t').toString('base64') } };

function podWith(volumes: Volume[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'uid-9', labels: { tier: 'web', app: 'shop' } }, spec: { containers: [], volumes } };
}

function text(payload: Awaited<ReturnType<typeof apiDataPayload>>): Record<string, [string, string]> {
  return Object.fromEntries([...payload].map(([path, f]) => [path, [f.data.toString('utf8'), f.mode.toString(8)]]));
}

test('a configMap volume holds every key of data and binaryData, or only the items under their paths and modes', async () => {
  const objects = reader([cm('cfg', { 'app.conf': 'port=80', LOG: 'info' }, { 'bin.dat': Buffer.from('hi').toString('base64') })]);
  const all = await apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'cfg', defaultMode: 0o640 } }, objects);
  assert.deepEqual(text(all), { 'app.conf': ['port=80', '640'], LOG: ['info', '640'], 'bin.dat': ['hi', '640'] });
  const items = await apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o400 }, { key: 'LOG', path: 'log' }] } }, objects);
  assert.deepEqual(text(items), { 'conf/app.conf': ['port=80', '400'], log: ['info', '644'] });
});

test('missing sources and keys: errors worded as the kubelet words them, nothing when optional', async () => {
  const objects = reader([cm('cfg', { a: '1' })]);
  await assert.rejects(apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'nope' } }, objects), /^Error: configmap "nope" not found$/);
  await assert.rejects(apiDataPayload(podWith([]), { name: 'v', secret: { secretName: 'nope' } }, objects), /^Error: secret "nope" not found$/);
  await assert.rejects(apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'cfg', items: [{ key: 'b', path: 'b' }] } }, objects), /configmap references non-existent config key: b/);
  assert.equal((await apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'nope', optional: true } }, objects)).size, 0);
  assert.deepEqual(text(await apiDataPayload(podWith([]), { name: 'v', configMap: { name: 'cfg', optional: true, items: [{ key: 'b', path: 'b' }, { key: 'a', path: 'a' }] } }, objects)), { a: ['1', '644'] });
});

test('a secret volume holds the decoded bytes; a downwardAPI volume the pod fields, maps as sorted key="value" lines', async () => {
  const files = await apiDataPayload(podWith([]), { name: 'v', secret: { secretName: 'db', defaultMode: 0o400 } }, reader([], [secret]));
  assert.deepEqual(text(files), { password: ['s3cr3t', '400'] });
  const downward = await apiDataPayload(
    podWith([]),
    { name: 'v', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    reader([]),
  );
  assert.deepEqual(text(downward), { labels: ['app="shop"\ntier="web"', '644'], name: ['web', '644'], ns: ['shop', '644'] });
  assert.equal(formatMap({ q: 'say "hi"' }), 'q="say \\"hi\\""');
});

test('files live under ..data, names link through it, and an update swaps the whole version', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-apidata-test-'));
  try {
    let data: Record<string, string> = { 'app.conf': 'v1', old: 'x' };
    const objects: VolumeSourceReader = { ...NO_CLAIMS, configMap: () => Promise.resolve(cm('cfg', data)), secret: () => Promise.resolve(undefined) };
    const pod = podWith([{ name: 'config', configMap: { name: 'cfg', defaultMode: 0o644 } }]);
    const paths = await setUpVolumes(root, pod, objects);
    const dir = paths.get('config') ?? '';
    assert.equal(readFileSync(join(dir, 'app.conf'), 'utf8'), 'v1');
    assert.equal(readlinkSync(join(dir, 'app.conf')), join('..data', 'app.conf'));
    const firstVersion = readlinkSync(join(dir, '..data'));
    assert.match(firstVersion, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\./);
    assert.equal(statSync(join(dir, 'app.conf')).mode & 0o777, 0o644);

    assert.deepEqual(await refreshApiDataVolumes(root, pod, objects), { changed: [], errors: [] });
    assert.equal(readlinkSync(join(dir, '..data')), firstVersion);

    data = { 'app.conf': 'v2', fresh: 'y' };
    assert.deepEqual(await refreshApiDataVolumes(root, pod, objects), { changed: ['config'], errors: [] });
    assert.equal(readFileSync(join(dir, 'app.conf'), 'utf8'), 'v2');
    assert.equal(readFileSync(join(dir, 'fresh'), 'utf8'), 'y');
    assert.equal(existsSync(join(dir, 'old')), false);
    // Only the new version, its link and the visible names remain.
    assert.deepEqual(readdirSync(dir).sort(), [readlinkSync(join(dir, '..data')), '..data', 'app.conf', 'fresh'].sort());
    assert.notEqual(readlinkSync(join(dir, '..data')), firstVersion);

    // A source that went away keeps its last files and reports why.
    const gone: VolumeSourceReader = { ...NO_CLAIMS, configMap: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined) };
    const result = await refreshApiDataVolumes(root, pod, gone);
    assert.equal(result.errors[0]?.message, 'MountVolume.SetUp failed for volume "config" : configmap "cfg" not found');
    assert.equal(readFileSync(join(dir, 'app.conf'), 'utf8'), 'v2');

    // Mounts of these volumes are read-only; a subPath pins the current file itself.
    const mounts = await containerMounts(
      { name: 'c', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'config', mountPath: '/etc/app.conf', subPath: 'app.conf' }] },
      paths,
      new Set(['config']),
    );
    assert.deepEqual(mounts.map((m) => [m.target, m.readOnly]), [['/etc/app', true], ['/etc/app.conf', true]]);
    assert.ok(lstatSync(mounts[1].source).isFile());
    assert.equal(readFileSync(mounts[1].source, 'utf8'), 'v2');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a required source that is missing fails the setup with a FailedMount message', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-apidata-test-'));
  try {
    await assert.rejects(setUpVolumes(root, podWith([{ name: 'creds', secret: { secretName: 'db' } }]), reader([])), (err: unknown) => {
      assert.ok(err instanceof VolumeError);
      assert.equal(err.message, 'MountVolume.SetUp failed for volume "creds" : secret "db" not found');
      return true;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a projected volume merges its sources under one defaultMode, items and optional as in their own volumes', async () => {
  const objects = reader([cm('cfg', { 'app.conf': 'port=80', LOG: 'info' })], [secret]);
  const volume: Volume = {
    name: 'all',
    projected: {
      defaultMode: 0o440,
      sources: [
        { configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf' }] } },
        { secret: { name: 'db', items: [{ key: 'password', path: 'db/password', mode: 0o400 }] } },
        { downwardAPI: { items: [{ path: 'pod/name', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { configMap: { name: 'absent', optional: true } },
        { serviceAccountToken: { path: 'token' } },
        { serviceAccountToken: { path: 'vault-token', audience: 'vault', expirationSeconds: 7200 } },
      ],
    },
  };
  const pod = podWith([volume]);
  assert.deepEqual(text(await apiDataPayload(pod, volume, objects)), {
    'conf/app.conf': ['port=80', '440'],
    'db/password': ['s3cr3t', '400'],
    'pod/name': ['web', '440'],
    token: ['token-for-web-api-3600', '440'],
    'vault-token': ['token-for-web-vault-7200', '440'],
  });
  assert.deepEqual(skippedProjections(pod), []);
  const refused: VolumeSourceReader = { ...objects, podToken: () => Promise.reject(new Error('serviceaccounts "default" not found')) };
  await assert.rejects(apiDataPayload(pod, volume, refused), /^Error: failed to fetch token: serviceaccounts "default" not found$/);
  assert.deepEqual([...apiDataVolumeNames(pod)], ['all']);
  const required: Volume = { name: 'req', projected: { sources: [{ secret: { name: 'missing' } }] } };
  await assert.rejects(apiDataPayload(pod, required, objects), /^Error: secret "missing" not found$/);
  const badKey: Volume = { name: 'key', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'nope', path: 'n' }] } }] } };
  await assert.rejects(apiDataPayload(pod, badKey, objects), /configmap references non-existent config key: nope/);
});

test('a projected volume is written and refreshed like the others', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-apidata-test-'));
  try {
    let data: Record<string, string> = { LOG: 'info' };
    const objects: VolumeSourceReader = { ...NO_CLAIMS, configMap: () => Promise.resolve(cm('cfg', data)), secret: () => Promise.resolve(secret) };
    const pod = podWith([{ name: 'both', projected: { sources: [{ configMap: { name: 'cfg' } }, { secret: { name: 'db' } }] } }]);
    const dir = (await setUpVolumes(root, pod, objects)).get('both') ?? '';
    assert.match(dir, /volumes\/projected\/both$/);
    assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('..')).sort(), ['LOG', 'password']);
    data = { LOG: 'debug' };
    assert.deepEqual(await refreshApiDataVolumes(root, pod, objects), { changed: ['both'], errors: [] });
    assert.equal(readFileSync(join(dir, 'LOG'), 'utf8'), 'debug');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
