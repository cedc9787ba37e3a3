import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../api/errors.js';
import { DEFAULT_SERVER, defaultConfigPath, loadClusterConfig, writeClusterConfig } from './cluster-config.js';

describe('cluster config', () => {
  let dir: string;
  let home: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-config-test-'));
    home = join(dir, 'home');
    mkdirSync(home);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the default server and namespace when nothing is set', () => {
    assert.deepEqual(loadClusterConfig({ env: {}, homeDir: home }), { server: DEFAULT_SERVER, namespace: 'default', source: 'default', credentials: {} });
    assert.equal(DEFAULT_SERVER, '127.0.0.1:7443');
  });

  it('reads ~/.flotilla/config.yaml written by writeClusterConfig, creating the folder', () => {
    const path = defaultConfigPath(home);
    writeClusterConfig(path, { server: '10.0.0.5:7443', namespace: 'team-a' });
    assert.match(readFileSync(path, 'utf8'), /server: 10.0.0.5:7443/);
    assert.deepEqual(loadClusterConfig({ env: {}, homeDir: home }), { server: '10.0.0.5:7443', namespace: 'team-a', source: `file ${path}`, credentials: {} });
    rmSync(join(home, '.flotilla'), { recursive: true });
  });

  it('takes the flag over FLOTILLA_SERVER over the file, keeping the file namespace', () => {
    const path = join(dir, 'explicit.yaml');
    writeClusterConfig(path, { server: 'file:1', namespace: 'ns-file' });
    const env = { FLOTILLA_SERVER: 'env:2', FLOTILLA_CONFIG: path };
    assert.deepEqual(loadClusterConfig({ server: 'flag:3', env, homeDir: home }), { server: 'flag:3', namespace: 'ns-file', source: '--server flag', credentials: {} });
    assert.deepEqual(loadClusterConfig({ env, homeDir: home }), { server: 'env:2', namespace: 'ns-file', source: 'FLOTILLA_SERVER', credentials: {} });
    assert.deepEqual(loadClusterConfig({ env: { FLOTILLA_CONFIG: path }, homeDir: home }), { server: 'file:1', namespace: 'ns-file', source: `file ${path}`, credentials: {} });
  });

  it('takes an explicit path over FLOTILLA_CONFIG over the default path', () => {
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeClusterConfig(a, { server: 'a:1' });
    writeClusterConfig(b, { server: 'b:1' });
    writeClusterConfig(defaultConfigPath(home), { server: 'home:1' });
    assert.equal(loadClusterConfig({ configPath: a, env: { FLOTILLA_CONFIG: b }, homeDir: home }).server, 'a:1');
    assert.equal(loadClusterConfig({ env: { FLOTILLA_CONFIG: b }, homeDir: home }).server, 'b:1');
    assert.equal(loadClusterConfig({ env: {}, homeDir: home }).server, 'home:1');
    rmSync(join(home, '.flotilla'), { recursive: true });
  });

  it('names a missing or broken file only when it was named explicitly', () => {
    const missing = join(dir, 'nope.yaml');
    assert.throws(
      () => loadClusterConfig({ configPath: missing, env: {}, homeDir: home }),
      (err: unknown) => err instanceof ApiError && err.message.includes(missing) && err.message.includes('does not exist'),
    );
    assert.throws(() => loadClusterConfig({ env: { FLOTILLA_CONFIG: missing }, homeDir: home }), new RegExp(missing));

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'server: [unclosed\n');
    assert.throws(() => loadClusterConfig({ configPath: broken, env: {}, homeDir: home }), (err: unknown) => err instanceof ApiError && err.message.includes(broken));
    const wrongShape = join(dir, 'wrong.yaml');
    writeFileSync(wrongShape, 'server: 7443\n');
    assert.throws(() => loadClusterConfig({ configPath: wrongShape, env: {}, homeDir: home }), /"server" must be a non-empty string/);

    mkdirSync(join(home, '.flotilla'), { recursive: true });
    writeFileSync(defaultConfigPath(home), '- just\n- a list\n');
    assert.deepEqual(loadClusterConfig({ env: {}, homeDir: home }), { server: DEFAULT_SERVER, namespace: 'default', source: 'default', credentials: {} });
    rmSync(join(home, '.flotilla'), { recursive: true });
  });

  it('treats an empty file as empty config', () => {
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    assert.deepEqual(loadClusterConfig({ configPath: empty, env: {}, homeDir: home }), { server: DEFAULT_SERVER, namespace: 'default', source: 'default', credentials: {} });
  });

  it('refuses to write a config without a server', () => {
    assert.throws(() => writeClusterConfig(join(dir, 'x.yaml'), { server: '' }), ApiError);
  });
});
