import assert from 'node:assert/strict';
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
