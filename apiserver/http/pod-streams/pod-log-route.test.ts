// GET .../pods/NAME/log through the real route on a local server, with a fake relay behind it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { badRequest } from '../../../api/errors.js';
import { FOLLOW_HEADERS_WAIT_MS } from './index.js';
import { usePodStreamsServer, waitFor } from './pod-streams-test-server.js';

const streams = usePodStreamsServer();

const logUrl = (pod: string, query = ''): string => `http://${streams.base}/api/v1/namespaces/default/pods/${pod}/log${query ? `?${query}` : ''}`;

describe('GET .../pods/NAME/log', () => {
  test('streams the log as text/plain until the agent ends it', async () => {
    const res = fetch(logUrl('web', 'container=app&tailLines=2&timestamps=true'));
    await waitFor('the log to open', () => streams.relay.logs.length === 1);
    streams.relay.logs[0].push('one\n');
    streams.relay.logs[0].push('two\n');
    streams.relay.logs[0].push(null);
    const answer = await res;
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/plain');
    assert.equal(await answer.text(), 'one\ntwo\n');
    assert.deepEqual(streams.relay.logRequests[0], {
      namespace: 'default',
      name: 'web',
      container: 'app',
      follow: false,
      previous: false,
      timestamps: true,
      tailLines: 2,
      hasTailLines: true,
    });
    assert.equal(streams.relay.logs[0].cancelled, false, 'a log read to its end needs no cancel');
  });

  test('refusals before the log are Statuses with their codes', async () => {
    const missing = await fetch(logUrl('missing'));
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/json');
    assert.deepEqual(await missing.json(), {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: 'pods "missing" not found',
      reason: 'NotFound',
      code: 404,
      details: { name: 'missing', kind: 'pods' },
    });
    const pair = await fetch(logUrl('pair'));
    assert.equal(pair.status, 400);
    assert.equal(((await pair.json()) as { message: string }).message, 'a container name must be specified for pod pair, choose one of: [a b]');
    const negative = await fetch(logUrl('web', 'tailLines=-1'));
    assert.equal(negative.status, 422);
    const post = await fetch(logUrl('web'), { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(((await post.json()) as { reason: string }).reason, 'MethodNotAllowed');
  });

  test('an agent that refuses at once still gets its Status through', async () => {
    const res = fetch(logUrl('web', 'follow=true&previous=true'));
    await waitFor('the log to open', () => streams.relay.logs.length === 1);
    streams.relay.logs[0].push(badRequest('previous terminated container "app" in pod "web" not found'));
    const answer = await res;
    assert.equal(answer.status, 400);
    assert.equal(((await answer.json()) as { message: string }).message, 'previous terminated container "app" in pod "web" not found');
  });

  test('follow: headers come before any log line, lines as they come, and leaving cancels the agent', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const answer = await fetch(logUrl('web', 'follow=true'), { signal: abort.signal });
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started < FOLLOW_HEADERS_WAIT_MS + 1_000, 'the 200 came without any log line');
    assert.equal(streams.relay.logRequests[0].follow, true);
    const reader = answer.body!.getReader();
    streams.relay.logs[0].push('first\n');
    assert.equal(Buffer.from((await reader.read()).value!).toString(), 'first\n');
    streams.relay.logs[0].push('second\n');
    assert.equal(Buffer.from((await reader.read()).value!).toString(), 'second\n');
    abort.abort();
    await waitFor('the agent stream to be cancelled', () => streams.relay.logs[0].cancelled);
  });

  test('follow ends when the container stops', async () => {
    const res = fetch(logUrl('web', 'follow=1'));
    await waitFor('the log to open', () => streams.relay.logs.length === 1);
    streams.relay.logs[0].push('bye\n');
    const answer = await res;
    setTimeout(() => streams.relay.logs[0].push(null), 20);
    assert.equal(await answer.text(), 'bye\n');
  });

  test('limitBytes cuts the log (mid-chunk) and lets the agent go', async () => {
    const res = fetch(logUrl('web', 'limitBytes=6'));
    await waitFor('the log to open', () => streams.relay.logs.length === 1);
    streams.relay.logs[0].push('abcd');
    streams.relay.logs[0].push('efgh');
    assert.equal(await (await res).text(), 'abcdef');
    assert.equal(streams.relay.logs[0].cancelled, true);
  });

  test('other paths are left to other routes', async () => {
    const res = await fetch(`http://${streams.base}/api/v1/namespaces/default/pods/web`);
    assert.equal(res.status, 404);
    assert.equal(await res.text(), '');
  });
});
