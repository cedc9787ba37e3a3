// exec, attach and port-forward over a direct SPDY/3.1 upgrade, as kubectl 1.27-1.29 send them.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { before, describe, test } from 'node:test';
import { exitStatus, statusJson } from './channel-protocol.js';
import { FLAG_FIN } from './spdy/frames.js';
import { SpdyTestClient } from './spdy/spdy-test-client.js';
import { usePodStreamsServer, waitFor } from './pod-streams-test-server.js';

const streams = usePodStreamsServer();

interface DirectSpdy {
  status: number;
  head: string;
  body: string;
  spdy: SpdyTestClient;
  socket: Socket;
  closed: Promise<void>;
}

async function spdyUpgrade(path: string, protocols: readonly string[]): Promise<DirectSpdy> {
  const [host, port] = streams.base.split(':');
  const socket = connect(Number(port), host);
  await once(socket, 'connect');
  const closed = once(socket, 'close').then(() => undefined);
  const spdy = new SpdyTestClient((bytes) => socket.write(bytes));
  const versions = protocols.map((p) => `X-Stream-Protocol-Version: ${p}\r\n`).join('');
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${streams.base}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${versions}Content-Length: 0\r\n\r\n`);
  let received = Buffer.alloc(0);
  let end = -1;
  while (end < 0) {
    const [chunk] = (await Promise.race([once(socket, 'data'), closed.then(() => [Buffer.alloc(0)])])) as [Buffer];
    if (chunk.length === 0) throw new Error(`the connection closed before a reply: ${received.toString()}`);
    received = Buffer.concat([received, chunk]);
    end = received.indexOf('\r\n\r\n');
  }
  const head = received.subarray(0, end).toString();
  const status = Number(head.split(' ')[1]);
  if (status !== 101) {
    const chunks: Buffer[] = [received.subarray(end + 4)];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    return { status, head, body: Buffer.concat(chunks).toString(), spdy, socket, closed };
  }
  socket.on('data', (chunk: Buffer) => spdy.receive(chunk));
  if (received.length > end + 4) spdy.receive(received.subarray(end + 4));
  return { status, head, body: '', spdy, socket, closed };
}

const podPath = (pod: string, sub: string, query = ''): string => `/api/v1/namespaces/default/pods/${pod}/${sub}${query ? `?${query}` : ''}`;
const KUBECTL_129_EXEC = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
const streamType = (type: string) => ({ streamtype: [type] });
const replies = (client: SpdyTestClient): number => client.received.filter((f) => f.type === 'syn_reply').length;
const resets = (client: SpdyTestClient): number[] => client.received.flatMap((f) => (f.type === 'rst_stream' ? [f.streamId] : []));

describe('exec, attach and port-forward over a direct SPDY/3.1 upgrade (kubectl 1.27-1.29)', () => {
  test('negotiation: the client\'s first protocol the server speaks, named in the 101; refusals are Statuses', async () => {
    const missing = await spdyUpgrade(podPath('missing', 'exec', 'command=ls&stdout=true'), KUBECTL_129_EXEC);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /"message":"pods \\"missing\\" not found"/);

    const unnamed = await spdyUpgrade(podPath('web', 'exec', 'command=ls&stdout=true'), []);
    assert.equal(unnamed.status, 400);
    assert.match(unnamed.body, /"message":"unable to upgrade: X-Stream-Protocol-Version is required"/);

    const unknown = await spdyUpgrade(podPath('web', 'attach', 'stdout=true'), ['v5.channel.k8s.io']);
    assert.equal(unknown.status, 403);
    assert.match(unknown.body, /unable to negotiate protocol: client supports \[v5.channel.k8s.io\], server accepts \[v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io\]/);

    const chosen = await spdyUpgrade(podPath('web', 'exec', 'command=ls&stdout=true'), ['v5.channel.k8s.io', 'v3.channel.k8s.io, v4.channel.k8s.io']);
    assert.equal(chosen.status, 101);
    assert.match(chosen.head, /\r\nUpgrade: SPDY\/3\.1\r\n/);
    assert.match(chosen.head, /\r\nX-Stream-Protocol-Version: v3\.channel\.k8s\.io(\r\n|$)/);
    chosen.socket.destroy();
    assert.equal(streams.relay.execs.length, 0);
  });

  test('v4 exec: starts once every stream the query asks for is open; stdin in, output out, the exit code as a Status', async () => {
    streams.relay.onExec = (exec) => {
      exec.sink.stdout(Buffer.from('out\n'));
      exec.sink.stderr(Buffer.from('err\n'));
    };
    streams.relay.onStdinClosed = (exec) => exec.exit(3);
    const { status, spdy, closed } = await spdyUpgrade(podPath('web', 'exec', 'command=cat&stdin=true&stdout=true&stderr=true'), KUBECTL_129_EXEC);
    assert.equal(status, 101);
    await spdy.open(1, streamType('error'));
    await spdy.open(3, streamType('stdin'));
    await spdy.open(5, streamType('stdout'));
    await spdy.waitFor('three replies', () => replies(spdy) === 3);
    assert.equal(streams.relay.execs.length, 0, 'no command before the stderr stream');
    await spdy.open(7, streamType('stderr'));
    await waitFor('the command', () => streams.relay.execs.length === 1);
    await spdy.data(3, 'hello\n');
    await spdy.data(3, '', true);
    await spdy.waitFor('FIN on error, stdout and stderr', () => [1, 5, 7].every((id) => spdy.streamData(id).ended));
    await closed;
    assert.deepEqual(streams.relay.execs[0].stdin, ['hello\n']);
    assert.equal(streams.relay.execs[0].stdinClosed, true);
    assert.equal(spdy.streamData(5).text, 'out\n');
    assert.equal(spdy.streamData(7).text, 'err\n');
    // v4's error stream is the Status itself, as the WebSocket's error channel carries it (channel-protocol.test.ts pins its fields).
    assert.equal(spdy.streamData(1).text, statusJson(exitStatus(3)));
  });

  test('v3 attach with a TTY: resize lines reach the command, unasked or repeated streams are refused, success leaves the error stream empty', async () => {
    const { spdy, closed } = await spdyUpgrade(podPath('tty', 'attach', 'stdin=true&stdout=true&stderr=true&tty=true'), ['v3.channel.k8s.io']);
    await spdy.open(1, streamType('error'));
    await spdy.open(3, streamType('stdout'));
    await spdy.open(5, streamType('stderr'));
    await spdy.open(7, streamType('stdout'));
    await spdy.open(9, streamType('stdin'));
    await spdy.open(11, streamType('resize'));
    await waitFor('the attach', () => streams.relay.attaches.length === 1);
    assert.deepEqual(resets(spdy), [5, 7]);
    await spdy.data(11, '{"Width":80,"Height":24}\n{"Width":100,');
    await spdy.data(11, '"Height":40}\n');
    await waitFor('both resizes', () => streams.relay.attaches[0].resizes.length === 2);
    assert.deepEqual(streams.relay.attaches[0].resizes, [[80, 24], [100, 40]]);
    await spdy.data(9, '', true);
    await spdy.waitFor('FIN on the error stream', () => spdy.streamData(1).ended);
    await closed;
    assert.equal(spdy.streamData(1).text, '');
  });

  test('a client that leaves before the command ends cancels it', async () => {
    const { spdy, socket } = await spdyUpgrade(podPath('web', 'exec', 'command=sleep&stdout=true'), KUBECTL_129_EXEC);
    await spdy.open(1, streamType('error'));
    await spdy.open(3, streamType('stdout'));
    await waitFor('the command', () => streams.relay.execs.length === 1);
    socket.destroy();
    await waitFor('the cancel', () => streams.relay.execs[0].cancelled);
  });

  test('port-forward: portforward.k8s.io named in the 101, then an error/data pair is one connection', async () => {
    const { status, head, spdy, socket } = await spdyUpgrade(podPath('web', 'portforward'), ['portforward.k8s.io']);
    assert.equal(status, 101);
    assert.match(head, /\r\nX-Stream-Protocol-Version: portforward\.k8s\.io(\r\n|$)/);
    const headers = (type: string) => ({ streamtype: [type], port: ['80'], requestid: ['0'] });
    await spdy.open(1, headers('error'), FLAG_FIN);
    await spdy.open(3, headers('data'));
    await waitFor('the connection', () => streams.relay.forwards.length === 1);
    await spdy.data(3, 'hello');
    await waitFor('the bytes', () => streams.relay.forwards[0].received.length === 1);
    assert.equal(streams.relay.forwards[0].port, 80);
    streams.relay.forwards[0].sink.data(Buffer.from('world'));
    streams.relay.forwards[0].finish();
    await spdy.waitFor('FIN on both', () => spdy.streamData(3).ended && spdy.streamData(1).ended);
    assert.equal(spdy.streamData(3).text, 'world');
    socket.destroy();
  });
});

