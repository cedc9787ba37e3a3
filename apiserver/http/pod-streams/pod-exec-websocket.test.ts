// exec and attach over WebSocket (the channel protocols v1-v5) through the real upgrade, with a fake relay behind it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { badRequest } from '../../../api/errors.js';
import { openExec, refusal, V4_CLIENT_NODE, V5 } from './channel-test-client.js';
import { usePodStreamsServer, waitFor } from './pod-streams-test-server.js';

const streams = usePodStreamsServer();

const execUrl = (pod: string, query: string, sub = 'exec'): string => `ws://${streams.base}/api/v1/namespaces/default/pods/${pod}/${sub}?${query}`;


describe('exec over WebSocket', () => {
  test('v5: stdin in, stdout and stderr out, stdin EOF by close signal, then Success', async () => {
    streams.relay.onExec = (exec) => {
      exec.sink.stdout(Buffer.from('out\n'));
      exec.sink.stderr(Buffer.from('err\n'));
    };
    const client = await openExec(execUrl('web', 'command=sh&command=-c&command=cat&stdin=true&stdout=true&stderr=true'), V5);
    assert.equal(client.ws.protocol, 'v5.channel.k8s.io');
    client.ws.send(Buffer.from([0, ...Buffer.from('hello\n')]));
    client.ws.send(Buffer.from([255, 0]));
    assert.equal(await client.closed, 1000);
    const exec = streams.relay.execs[0];
    assert.deepEqual(exec.start.command, ['sh', '-c', 'cat']);
    assert.equal(exec.start.stdin, true);
    assert.deepEqual(exec.stdin, ['hello\n']);
    assert.equal(exec.stdinClosed, true);
    assert.deepEqual(client.frames, [
      { channel: 1, text: '' },
      { channel: 1, text: 'out\n' },
      { channel: 2, text: 'err\n' },
      { channel: 3, text: '{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Success"}' },
    ]);
    assert.equal(exec.cancelled, false);
  });

  test('v4 (client-node\'s list): a non-zero exit is NonZeroExitCode with the ExitCode cause', async () => {
    streams.relay.onExec = (exec) => exec.exit(3);
    const client = await openExec(execUrl('web', 'command=false&stdout=true&stderr=true'), V4_CLIENT_NODE);
    assert.equal(client.ws.protocol, 'v4.channel.k8s.io');
    assert.equal(await client.closed, 1000);
    const status = JSON.parse(client.frames.at(-1)!.text) as { status: string; reason: string; details: unknown };
    assert.equal(client.frames.at(-1)!.channel, 3);
    assert.equal(status.status, 'Failure');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
  });

  test('v4 has no close channel: a stray 255 frame does not end stdin', async () => {
    const client = await openExec(execUrl('web', 'command=cat&stdin=true&stdout=true'), ['v4.channel.k8s.io']);
    client.ws.send(Buffer.from([255, 0]));
    client.ws.send(Buffer.from([0, ...Buffer.from('x')]));
    await waitFor('stdin to arrive', () => streams.relay.execs[0]?.stdin.length === 1);
    assert.equal(streams.relay.execs[0].stdinClosed, false);
    streams.relay.execs[0].exit(0);
    assert.equal(await client.closed, 1000);
  });

  test('a TTY takes resizes; without one they are dropped', async () => {
    const client = await openExec(execUrl('web', 'command=sh&stdin=true&stdout=true&tty=true'), V5);
    client.ws.send(Buffer.from([4, ...Buffer.from('{"Width":100,"Height":30}')]));
    await waitFor('the resize', () => streams.relay.execs[0]?.resizes.length === 1);
    assert.deepEqual(streams.relay.execs[0].resizes, [[100, 30]]);
    assert.equal(streams.relay.execs[0].start.tty, true);
    streams.relay.execs[0].exit(0);
    await client.closed;
  });

  test('a client that leaves cancels the command\'s stream', async () => {
    const client = await openExec(execUrl('web', 'command=sleep&command=100&stdout=true'), V5);
    await waitFor('the exec to open', () => streams.relay.execs.length === 1);
    client.ws.close();
    await waitFor('the session to be cancelled', () => streams.relay.execs[0].cancelled);
  });

  test('an exec the agent refuses ends with that Status on the error channel', async () => {
    streams.relay.onExec = (exec) => exec.fail(badRequest('container app is not running'));
    const client = await openExec(execUrl('web', 'command=ls&stdout=true'), V5);
    assert.equal(await client.closed, 1000);
    const last = client.frames.at(-1)!;
    assert.equal(last.channel, 3);
    assert.deepEqual(JSON.parse(last.text), {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: 'container app is not running',
      reason: 'BadRequest',
      code: 400,
    });
  });

  test('a broken close signal is a protocol error that ends the session', async () => {
    const client = await openExec(execUrl('web', 'command=cat&stdin=true&stdout=true'), V5);
    client.ws.send(Buffer.from([255, 0, 0]));
    assert.equal(await client.closed, 1002);
    await waitFor('the session to be cancelled', () => streams.relay.execs[0].cancelled);
  });

  test('refusals before the handshake are Statuses: missing pod, no command, no streams', async () => {
    const missing = await refusal(execUrl('missing', 'command=ls&stdout=true'), V5);
    assert.equal(missing.code, 404);
    assert.equal(missing.body.message, 'pods "missing" not found');
    const noCommand = await refusal(execUrl('web', 'stdout=true'), V5);
    assert.equal(noCommand.code, 400);
    assert.equal(noCommand.body.message, 'you must specify at least one command for the container');
    const noStreams = await refusal(execUrl('web', 'command=ls'), V5);
    assert.equal(noStreams.body.message, 'you must specify at least 1 of stdin, stdout, stderr');
    assert.equal(streams.relay.execs.length, 0);
  });

  test('subprotocols this server does not speak are refused by name', async () => {
    const old = await refusal(execUrl('web', 'command=ls&stdout=true'), ['channel.k8s.io', 'base64.channel.k8s.io']);
    assert.equal(old.code, 400);
    assert.equal(
      old.body.message,
      'unable to upgrade connection: requested protocol(s) are not supported: [channel.k8s.io base64.channel.k8s.io]; supports [v5.channel.k8s.io v4.channel.k8s.io]',
    );
  });

  test('attach: the container\'s TTY and open stdin decide; output is one stream, resizes reach it', async () => {
    const client = await openExec(execUrl('tty', 'stdout=true&stderr=true&stdin=true', 'attach'), V5);
    await waitFor('the attach to open', () => streams.relay.attaches.length === 1);
    const attach = streams.relay.attaches[0];
    assert.deepEqual(attach.start.command, []);
    client.ws.send(Buffer.from([0, ...Buffer.from('ls\n')]));
    client.ws.send(Buffer.from([4, ...Buffer.from('{"Width":90,"Height":20}')]));
    await waitFor('stdin and the resize', () => attach.stdin.length === 1 && attach.resizes.length === 1);
    attach.sink.stdout(Buffer.from('bin\n'));
    attach.sink.stderr(Buffer.from('dropped: a TTY has no stderr\n'));
    attach.exit(0);
    assert.equal(await client.closed, 1000);
    assert.deepEqual(attach.resizes, [[90, 20]]);
    assert.deepEqual(client.frames, [
      { channel: 1, text: '' },
      { channel: 1, text: 'bin\n' },
      { channel: 3, text: '{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Success"}' },
    ]);
  });

  test('attach to a container without stdin drops the client\'s stdin and resizes', async () => {
    const client = await openExec(execUrl('web', 'stdout=true&stdin=true&tty=true', 'attach'), V5);
    await waitFor('the attach to open', () => streams.relay.attaches.length === 1);
    client.ws.send(Buffer.from([0, ...Buffer.from('ignored')]));
    client.ws.send(Buffer.from([4, ...Buffer.from('{"Width":90,"Height":20}')]));
    client.ws.send(Buffer.from([255, 0]));
    // Messages are handled in order: once the leaving client's cancel arrives, the ones before it were handled.
    client.ws.close();
    await waitFor('the attach to be cancelled', () => streams.relay.attaches[0].cancelled);
    assert.deepEqual(streams.relay.attaches[0].stdin, []);
    assert.deepEqual(streams.relay.attaches[0].resizes, []);
    assert.equal(streams.relay.attaches[0].stdinClosed, false);
  });
});
