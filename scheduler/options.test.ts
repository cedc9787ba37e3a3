import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HEALTH_PORT, parseFlags } from './options.js';

test('defaults as kube-scheduler: port 10259, leader election on, default-scheduler', () => {
  const f = parseFlags([]);
  assert.equal(f.healthPort, DEFAULT_HEALTH_PORT);
  assert.equal(f.healthPort, 10259);
  assert.equal(f.leaderElect, true);
  assert.equal(f.schedulerName, 'default-scheduler');
  assert.match(f.identity, /.+_[0-9a-f]{8}$/);
  if (!process.env.FLOTILLA_SERVER) assert.equal(f.apiserver, '127.0.0.1:7443');
});

test('flags', () => {
  const f = parseFlags(['--apiserver', '127.0.0.1:9000', '--health-port', '0', '--leader-elect', 'false', '--scheduler-name', 'mine', '--identity', 'me']);
  assert.deepEqual(
    { a: f.apiserver, p: f.healthPort, le: f.leaderElect, n: f.schedulerName, id: f.identity },
    { a: '127.0.0.1:9000', p: 0, le: false, n: 'mine', id: 'me' },
  );
  assert.equal(parseFlags(['--leader-elect']).leaderElect, true);
  assert.throws(() => parseFlags(['--health-port', 'x']));
});
