// port-forward over WebSocket: the channel protocol (client-node) and the SPDY/3.1 tunnel (kubectl).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../../api/errors.js';
import { FLAG_FIN } from './spdy/frames.js';
import { SpdyTestClient } from './spdy/spdy-test-client.js';
import { openRawWebSocket, type RawWebSocket } from './raw-websocket-client.js';
import { openExec, refusal, V4_CLIENT_NODE } from './channel-test-client.js';
import { usePodStreamsServer, waitFor } from './pod-streams-test-server.js';

const streams = usePodStreamsServer();

const forwardUrl = (pod: string, query = ''): string => `ws://${streams.base}/api/v1/namespaces/default/pods/${pod}/portforward${query}`;

describe('port-forward over WebSocket', () => {
  test('channel protocol (client-node): each channel opens with its port; data both ways; a failure on the error channel', async () => {
    streams.relay.onForward = (forward) => {
      if (forward.port === 81) forward.fail(new ApiError('InternalError', 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused'));
    };
    const client = await openExec(forwardUrl('web', '?ports=80,81'), V4_CLIENT_NODE);
    assert.equal(client.ws.protocol, 'v4.channel.k8s.io');
    await waitFor('both connections', () => streams.relay.forwards.length === 2);
    client.ws.send(Buffer.from([0, ...Buffer.from('GET / HTTP/1.0\r\n\r\n')]));
    await waitFor('the request bytes', () => streams.relay.forwards[0].received.length === 1);
    assert.equal(streams.relay.forwards[0].received[0].toString(), 'GET / HTTP/1.0\r\n\r\n');
    streams.relay.forwards[0].sink.data(Buffer.from('HTTP/1.0 200 OK\r\n'));
    streams.relay.forwards[0].finish();
    assert.equal(await client.closed, 1000);
    const port = (n: number): string => Buffer.from([n & 0xff, n >> 8]).toString();
    assert.deepEqual(client.frames, [
      { channel: 0, text: port(80) },
      { channel: 1, text: port(80) },
      { channel: 2, text: port(81) },
      { channel: 3, text: port(81) },
      { channel: 3, text: 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused' },
      { channel: 0, text: 'HTTP/1.0 200 OK\r\n' },
    ]);
  });

  test('a client that leaves cancels its connections', async () => {
    const client = await openExec(forwardUrl('web', '?ports=8080'), ['v4.channel.k8s.io']);
    await waitFor('the connection', () => streams.relay.forwards.length === 1);
    client.ws.close();
    await waitFor('the cancel', () => streams.relay.forwards[0].cancelled);
  });

  test('refusals are Statuses: missing pod, no ports, a bad port, an unknown protocol', async () => {
    assert.equal((await refusal(forwardUrl('missing', '?ports=80'), ['v4.channel.k8s.io'])).code, 404);
    assert.equal((await refusal(forwardUrl('web'), ['v4.channel.k8s.io'])).body.message, 'query parameter "ports" is required');
    assert.equal((await refusal(forwardUrl('web', '?ports=70000'), ['v4.channel.k8s.io'])).body.message, 'port 70000 must be between 1 and 65535, inclusive');
    const old = await refusal(forwardUrl('web', '?ports=80'), ['channel.k8s.io']);
    assert.equal(old.body.message, 'unable to upgrade connection: requested protocol(s) are not supported: [channel.k8s.io]; supports [SPDY/3.1+portforward.k8s.io v4.channel.k8s.io]');
    assert.equal(streams.relay.forwards.length, 0);
  });

  describe('SPDY/3.1 tunnel (kubectl)', () => {
    async function tunnel(): Promise<{ ws: RawWebSocket; spdy: SpdyTestClient }> {
      const ws = await openRawWebSocket(forwardUrl('web'), 'SPDY/3.1+portforward.k8s.io');
      assert.equal(ws.protocol, 'SPDY/3.1+portforward.k8s.io');
      const spdy = new SpdyTestClient((bytes) => ws.send(bytes));
      ws.onMessage((data) => spdy.receive(data));
      return { ws, spdy };
    }
    const headers = (type: string, id: string, port = '80') => ({ streamtype: [type], port: [port], requestid: [id] });

    test('an error/data pair is one connection: bytes both ways, then FIN on both streams', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '0'), FLAG_FIN);
      await spdy.open(3, headers('data', '0'));
      await spdy.waitFor('both replies', (frames) => frames.filter((f) => f.type === 'syn_reply').length === 2);
      await waitFor('the connection', () => streams.relay.forwards.length === 1);
      assert.equal(streams.relay.forwards[0].port, 80);
      await spdy.data(3, 'hello');
      await waitFor('the bytes', () => streams.relay.forwards[0].received.length === 1);
      streams.relay.forwards[0].sink.data(Buffer.from('world'));
      await spdy.data(3, '', true);
      await waitFor('the half-close', () => streams.relay.forwards[0].ended);
      streams.relay.forwards[0].finish();
      await spdy.waitFor('FIN on both', () => spdy.streamData(3).ended && spdy.streamData(1).ended);
      assert.equal(spdy.streamData(3).text, 'world');
      assert.equal(spdy.streamData(1).text, '');
      ws.close();
    });

    test('a refused connection is its message on the error stream, not a hang', async () => {
      streams.relay.onForward = (forward) => forward.fail(new ApiError('InternalError', 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused'));
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '7', '81'), FLAG_FIN);
      await spdy.open(3, headers('data', '7', '81'));
      await spdy.waitFor('FIN on both', () => spdy.streamData(3).ended && spdy.streamData(1).ended);
      assert.equal(spdy.streamData(1).text, 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused');
      ws.close();
    });

    test('streams without a type or request id are reset; a bad port is an error on the pair', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, { port: ['80'] });
      await spdy.open(3, headers('error', '1', 'http'), FLAG_FIN);
      await spdy.open(5, headers('data', '1', 'http'));
      await spdy.waitFor('the error', () => spdy.streamData(3).ended);
      assert.deepEqual(spdy.received.find((f) => f.type === 'rst_stream'), { type: 'rst_stream', streamId: 1, status: 5 });
      assert.equal(spdy.streamData(3).text, 'unable to parse "http" as a port: must be a number');
      assert.equal(streams.relay.forwards.length, 0);
      ws.close();
    });

    test('a data stream the client resets early cancels its connection without an error (kubectl would end the session)', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '0'), FLAG_FIN);
      await spdy.open(3, headers('data', '0'));
      await waitFor('the connection', () => streams.relay.forwards.length === 1);
      await spdy.reset(3, 5);
      await waitFor('the cancel', () => streams.relay.forwards[0].cancelled);
      await spdy.waitFor('FIN on the error stream', () => spdy.streamData(1).ended);
      assert.equal(spdy.streamData(1).text, '');
      ws.close();
    });

    test('closing the tunnel cancels the open connections', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '0'), FLAG_FIN);
      await spdy.open(3, headers('data', '0'));
      await waitFor('the connection', () => streams.relay.forwards.length === 1);
      ws.close();
      await waitFor('the cancel', () => streams.relay.forwards[0].cancelled);
    });
  });
});

