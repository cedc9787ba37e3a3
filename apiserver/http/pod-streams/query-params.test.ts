import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../../api/errors.js';
import { parseExecQuery, parseLogQuery, queryBool } from './query-params.js';
import { parsePodSubresourcePath } from './pod-path.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

test('booleans read as Kubernetes reads them: present and not a false word is true', () => {
  for (const v of ['true', '1', 'True', 'yes', '']) assert.equal(queryBool(q(`follow=${v}`), 'follow'), true, v);
  for (const v of ['false', '0', 'F', 'no', 'N']) assert.equal(queryBool(q(`follow=${v}`), 'follow'), false, v);
  assert.equal(queryBool(q(''), 'follow'), false);
});

test('pod subresource paths, decoded; anything else is not ours', () => {
  assert.deepEqual(parsePodSubresourcePath('/api/v1/namespaces/default/pods/web/log'), { namespace: 'default', name: 'web', subresource: 'log' });
  assert.deepEqual(parsePodSubresourcePath('/api/v1/namespaces/a%2Db/pods/web/exec'), { namespace: 'a-b', name: 'web', subresource: 'exec' });
  assert.equal(parsePodSubresourcePath('/api/v1/namespaces/default/pods/web'), undefined);
  assert.equal(parsePodSubresourcePath('/apis/apps/v1/namespaces/default/deployments/web/scale'), undefined);
  assert.equal(parsePodSubresourcePath('/api/v1/namespaces/default/pods/%E0%A4%A/log'), undefined);
});

test('log options map onto the agent\'s request', () => {
  const { request, limitBytes } = parseLogQuery(q('container=app&follow=true&tailLines=0&timestamps=1&previous=false&sinceSeconds=30&limitBytes=10'), 'default', 'web');
  assert.deepEqual(request, {
    namespace: 'default',
    name: 'web',
    container: 'app',
    follow: true,
    previous: false,
    timestamps: true,
    tailLines: 0,
    hasTailLines: true,
    sinceSeconds: 30,
  });
  assert.equal(limitBytes, 10);
  assert.equal(parseLogQuery(q(''), 'default', 'web').request.hasTailLines, undefined);
});

test('sinceTime becomes seconds, rounded up', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  assert.equal(parseLogQuery(q('sinceTime=2024-05-01T09:59:00.5Z'), 'default', 'web', now).request.sinceSeconds, 60);
  assert.equal(parseLogQuery(q('sinceTime=2024-05-01T11:00:00Z'), 'default', 'web', now).request.sinceSeconds, 1);
  assert.throws(() => parseLogQuery(q('sinceTime=yesterday'), 'default', 'web', now), { reason: 'BadRequest' });
});

test('bad log options are Invalid PodLogOptions, as kube-apiserver words them', () => {
  assert.throws(
    () => parseLogQuery(q('tailLines=-1'), 'default', 'web'),
    (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 422);
      assert.equal(err.message, 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
      return true;
    },
  );
  assert.throws(() => parseLogQuery(q('limitBytes=0'), 'default', 'web'), { message: 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0' });
  assert.throws(() => parseLogQuery(q('sinceSeconds=0'), 'default', 'web'), { reason: 'Invalid' });
  assert.throws(() => parseLogQuery(q('sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z'), 'default', 'web'), { reason: 'Invalid' });
  assert.throws(() => parseLogQuery(q('tailLines=ten'), 'default', 'web'), { reason: 'BadRequest', message: 'tailLines: invalid value "ten": must be an integer' });
});

test('exec options: repeated command, stream choice, and a TTY merging stderr', () => {
  const plain = parseExecQuery(q('command=sh&command=-c&command=echo+hi&container=app&stdin=true&stdout=true&stderr=true'), 'default', 'web');
  assert.deepEqual(plain.start, { namespace: 'default', name: 'web', container: 'app', command: ['sh', '-c', 'echo hi'], stdin: true, tty: false });
  assert.equal(plain.stderr, true);
  const tty = parseExecQuery(q('command=sh&stdin=true&stdout=true&stderr=true&tty=true'), 'default', 'web');
  assert.equal(tty.tty, true);
  assert.equal(tty.stderr, false);
  assert.equal(tty.start.tty, true);
  assert.throws(() => parseExecQuery(q('command=ls'), 'default', 'web'), { reason: 'BadRequest', message: 'you must specify at least 1 of stdin, stdout, stderr' });
});
