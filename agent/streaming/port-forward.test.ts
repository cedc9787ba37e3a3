// The agent's PortForward service over real gRPC and real TCP, with a runtime
// that knows one pod whose sandbox address is this machine's loopback: bytes
// both ways, the client's half-close, and a refused port in the kubelet's words.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import type { Pod } from '../../api/types/index.js';
import { AgentStreamingClient } from '../../client/agent-streaming-client.js';
import { silentLogger } from '../../client/silent-logger.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { startStreamingServer, type StreamingServer } from './streaming-server.js';

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u-1' }, spec: { containers: [{ name: 'app', image: 'x' }] } } as Pod;
const SANDBOX = { kind: 'sandbox', state: 'running', addresses: { 'pod-net': '127.0.0.1' } } as unknown as RuntimeContainer;
const runtime = { podContainers: async (uid: string) => (uid === 'u-1' ? [SANDBOX] : []) } as unknown as DockerRuntime;

let echo: Server;
let echoPort: number;
let streaming: StreamingServer;
let client: AgentStreamingClient;

before(async () => {
  // Answers "got:<what it read>" once the client has finished sending.
  echo = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => socket.end(`got:${Buffer.concat(chunks).toString()}`));
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as AddressInfo).port;
  streaming = await startStreamingServer(0, runtime, { findPod: (ns, name) => (ns === 'default' && name === 'web' ? POD : undefined) }, silentLogger());
  client = new AgentStreamingClient(`127.0.0.1:${streaming.port}`);
});

after(async () => {
  client.close();
  await streaming.close();
  echo.close();
});

test('bytes reach the pod\'s port, the half-close is passed on, and the answer comes back before the end', async () => {
  const received: Buffer[] = [];
  let connected = false;
  const session = client.openPortForward({ namespace: 'default', name: 'web', port: echoPort }, { connected: () => (connected = true), data: (c) => received.push(c) });
  session.write(Buffer.from('hello '));
  session.write(Buffer.from('pod'));
  session.end();
  await session.done;
  assert.ok(connected);
  assert.equal(Buffer.concat(received).toString(), 'got:hello pod');
});

test('a port nobody listens on fails the call in the kubelet\'s words', async () => {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  const session = client.openPortForward({ namespace: 'default', name: 'web', port }, { connected: () => undefined, data: () => undefined });
  await assert.rejects(session.done, { message: `error forwarding port ${port} to pod web, uid u-1: dial tcp4 127.0.0.1:${port}: connect: connection refused` });
});

test('an unknown pod is NotFound; port 0 is a BadRequest', async () => {
  const sink = { connected: () => undefined, data: () => undefined };
  await assert.rejects(client.openPortForward({ namespace: 'default', name: 'nope', port: 80 }, sink).done, { reason: 'NotFound' });
  await assert.rejects(client.openPortForward({ namespace: 'default', name: 'web', port: 0 }, sink).done, { reason: 'BadRequest', message: 'invalid port 0: must be between 1 and 65535' });
});
