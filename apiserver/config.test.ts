import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseConfig, parseDurationSeconds } from './config.js';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    const config = parseConfig(['node', 'main.js']);
    assert.deepEqual(config.etcdServers, ['http://127.0.0.1:2379']);
    assert.equal(config.port, 7443);
    assert.equal(config.healthPort, 7444);
    assert.equal(config.bindAddress, '127.0.0.1');
    assert.equal(config.etcdPrefix, '/registry');
    assert.equal(config.etcdCompactionIntervalSeconds, 300);
  });

  it('reads the flags the test harness passes', () => {
    const config = parseConfig(['node', 'main.js', '--etcd-servers', 'http://a:1,http://b:2', '--port', '9000', '--health-port', '9001', '--etcd-compaction-interval', '0']);
    assert.deepEqual(config.etcdServers, ['http://a:1', 'http://b:2']);
    assert.equal(config.port, 9000);
    assert.equal(config.healthPort, 9001);
    assert.equal(config.etcdCompactionIntervalSeconds, 0);
  });

  it('asks the node authorizer before RBAC unless told otherwise, and NodeRestriction can be turned off', () => {
    const defaults = parseConfig(['node', 'main.js']);
    assert.equal(defaults.authorizationMode, 'Node,RBAC');
    assert.deepEqual(defaults.disableAdmissionPlugins, []);
    for (const mode of ['Node,RBAC', 'RBAC', 'AlwaysAllow']) assert.equal(parseConfig(['node', 'main.js', '--authorization-mode', mode]).authorizationMode, mode);
    const off = parseConfig(['node', 'main.js', '--disable-admission-plugins', 'NodeRestriction,ServiceAccount']);
    assert.deepEqual(off.disableAdmissionPlugins, ['NodeRestriction', 'ServiceAccount']);
  });

  it('gives pods 300 s of default tolerations unless the flags or --disable-admission-plugins say otherwise', () => {
    const defaults = parseConfig(['node', 'main.js']);
    assert.deepEqual([defaults.defaultNotReadyTolerationSeconds, defaults.defaultUnreachableTolerationSeconds], [300, 300]);
    const set = parseConfig(['node', 'main.js', '--default-not-ready-toleration-seconds', '0', '--default-unreachable-toleration-seconds=45']);
    assert.deepEqual([set.defaultNotReadyTolerationSeconds, set.defaultUnreachableTolerationSeconds], [0, 45]);
    assert.deepEqual(parseConfig(['node', 'main.js', '--disable-admission-plugins', 'DefaultTolerationSeconds']).disableAdmissionPlugins, ['DefaultTolerationSeconds']);
  });

  it('refuses toleration seconds that are not non-negative integers, naming the flag', () => {
    // commander exits the process on a bad flag, so the apiserver's own start is what is checked.
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    for (const [flag, value] of [['--default-not-ready-toleration-seconds', '-1'], ['--default-unreachable-toleration-seconds', '1.5'], ['--default-unreachable-toleration-seconds', 'five']]) {
      const run = spawnSync(process.execPath, [main, flag, value], { encoding: 'utf8' });
      assert.equal(run.status, 1, `${flag} ${value} is refused`);
      assert.match(run.stderr, new RegExp(`option '${flag} <seconds>' argument '${value}' is invalid\\. expected an integer >= 0`));
    }
  });
});

describe('parseDurationSeconds', () => {
  it('takes seconds or Go durations', () => {
    assert.equal(parseDurationSeconds('300'), 300);
    assert.equal(parseDurationSeconds('5m'), 300);
    assert.equal(parseDurationSeconds('1m30s'), 90);
    assert.equal(parseDurationSeconds('1h'), 3600);
    assert.equal(parseDurationSeconds('500ms'), 0.5);
    assert.throws(() => parseDurationSeconds('5 minutes'));
    assert.throws(() => parseDurationSeconds('m'));
  });
});
