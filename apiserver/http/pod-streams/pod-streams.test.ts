// The log route and the exec, attach and portforward upgrades on a plain local HTTP server, with a
// fake relay in place of the agents: real HTTP, real WebSocket clients.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { ApiError, badRequest, notFound } from '../../../api/errors.js';
import type { Pod } from '../../../api/types/index.js';
import type { ByteStream } from '../../../client/byte-stream.js';
import type { ExecOutputSink, ExecSession } from '../../../client/exec-session.js';
import { silentLogger } from '../../../client/silent-logger.js';
import type { ExecStart, LogsRequest } from '../../../client/streaming-messages.js';
import type { PortForwardSession, PortForwardSink } from '../../../client/port-forward-session.js';
import type { AttachTarget, ExecTarget, LogsTarget, PodStreamRelay, PortForwardTarget } from '../../streaming/pod-relay.js';
import type { UserInfo } from '../request-context.js';
import { exitStatus, statusJson } from './channel-protocol.js';
import { FLAG_FIN } from './spdy/frames.js';
import { SpdyTestClient } from './spdy/spdy-test-client.js';
import { openRawWebSocket, type RawWebSocket } from './raw-websocket-client.js';
import { FOLLOW_HEADERS_WAIT_MS, podExecUpgrade, podLogRoute, podPortForwardUpgrade, type UpgradeContext } from './index.js';

const USER: UserInfo = { name: 'admin', uid: '1', groups: ['system:masters'] };
const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } } as Pod;

/** A log stream the test feeds by hand. */
class FakeLog implements ByteStream {
  cancelled = false;
  private readonly queue: (Buffer | Error | null)[] = [];
  private wake: (() => void) | undefined;

  push(item: string | Error | null): void {
    this.queue.push(typeof item === 'string' ? Buffer.from(item) : item);
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.cancelled) return;
      const item = this.queue.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (item === null) return;
      if (item instanceof Error) throw item;
      yield item;
    }
  }
}

/** An exec the test drives: it sees what the client sent and ends the command when told. */
class FakeExec implements ExecSession {
  readonly stdin: string[] = [];
  readonly resizes: [number, number][] = [];
  stdinClosed = false;
  cancelled = false;
  readonly done: Promise<number>;
  private settle!: { resolve(code: number): void; reject(err: unknown): void };

  constructor(
    readonly start: ExecStart,
    readonly sink: ExecOutputSink,
    private readonly onStdinClosed: (exec: FakeExec) => void,
  ) {
    this.done = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  writeStdin(data: Buffer): boolean {
    this.stdin.push(data.toString());
    return true;
  }

  closeStdin(): void {
    this.stdinClosed = true;
    this.onStdinClosed(this);
  }

  resize(width: number, height: number): void {
    this.resizes.push([width, height]);
  }

  cancel(): void {
    this.cancelled = true;
    this.settle.reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
  }

  exit(code: number): void {
    this.settle.resolve(code);
  }

  fail(err: unknown): void {
    this.settle.reject(err);
  }
}

/** One forwarded connection the test drives: it sees the client's bytes and ends when told. */
class FakeForward implements PortForwardSession {
  readonly received: Buffer[] = [];
  ended = false;
  cancelled = false;
  readonly done: Promise<void>;
  private settle!: { resolve(): void; reject(err: unknown): void };

  constructor(
    readonly port: number,
    readonly sink: PortForwardSink,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  write(data: Buffer): boolean {
    this.received.push(Buffer.from(data));
    return true;
  }

  end(): void {
    this.ended = true;
  }

  cancel(): void {
    this.cancelled = true;
    this.settle.reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
  }

  finish(): void {
    this.settle.resolve();
  }

  fail(err: unknown): void {
    this.settle.reject(err);
  }
}

/** Pods named `missing` do not exist; `pair` has two containers; anything else opens the fakes. */
class FakeRelay implements PodStreamRelay {
  readonly logRequests: LogsRequest[] = [];
  readonly logs: FakeLog[] = [];
  readonly execs: FakeExec[] = [];
  readonly attaches: FakeExec[] = [];
  readonly forwards: FakeForward[] = [];
  /** Runs on each forwarded connection as it opens. */
  onForward: (forward: FakeForward) => void = () => undefined;
  /** Runs on each exec as it opens. */
  onExec: (exec: FakeExec) => void = () => undefined;
  /** Runs when the client ends stdin; by default the command ends with 0. */
  onStdinClosed: (exec: FakeExec) => void = (exec) => exec.exit(0);

  private check(name: string | undefined): void {
    if (name === 'missing') throw notFound('pods', name);
    if (name === 'pair') throw badRequest('a container name must be specified for pod pair, choose one of: [a b]');
  }

  async prepareLogs(req: LogsRequest): Promise<LogsTarget> {
    this.check(req.name);
    this.logRequests.push(req);
    return {
      pod: POD,
      container: 'app',
      open: () => {
        const log = new FakeLog();
        this.logs.push(log);
        return log;
      },
    };
  }

  async prepareExec(start: ExecStart): Promise<ExecTarget> {
    this.check(start.name);
    if (!start.command || start.command.length === 0) throw badRequest('you must specify at least one command for the container');
    return {
      pod: POD,
      container: 'app',
      open: (sink) => {
        const exec = new FakeExec(start, sink, (e) => this.onStdinClosed(e));
        this.execs.push(exec);
        queueMicrotask(() => this.onExec(exec));
        return exec;
      },
    };
  }

  /** Pods named `tty` have a container with stdin and a TTY; others keep no stdin open. */
  async prepareAttach(start: ExecStart): Promise<AttachTarget> {
    this.check(start.name);
    const open = start.name === 'tty';
    return {
      pod: POD,
      container: 'app',
      stdin: open,
      tty: open,
      open: (sink) => {
        const attach = new FakeExec(start, sink, (e) => this.onStdinClosed(e));
        this.attaches.push(attach);
        return attach;
      },
    };
  }

  async preparePortForward(_namespace: string, name: string): Promise<PortForwardTarget> {
    this.check(name);
    return {
      pod: POD,
      open: (port, sink) => {
        const forward = new FakeForward(port, sink);
        this.forwards.push(forward);
        queueMicrotask(() => this.onForward(forward));
        return forward;
      },
    };
  }
}

let server: Server;
let base: string;
let relay: FakeRelay;

before(async () => {
  const deps = {
    relay: {
      prepareLogs: (r: LogsRequest) => relay.prepareLogs(r),
      prepareExec: (s: ExecStart) => relay.prepareExec(s),
      prepareAttach: (s: ExecStart) => relay.prepareAttach(s),
      preparePortForward: (ns: string, name: string) => relay.preparePortForward(ns, name),
    },
    log: silentLogger(),
  };
  const route = podLogRoute(deps);
  const upgrades = [podExecUpgrade(deps), podPortForwardUpgrade(deps)];
  const upgrade = async (ctx: UpgradeContext): Promise<boolean> => {
    for (const handler of upgrades) if (await handler(ctx)) return true;
    return false;
  };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void route({ req, res, url, user: USER }).then((mine) => {
      if (!mine) res.writeHead(404).end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void upgrade({ req, socket, head, url, user: USER }).then((mine) => {
      if (!mine) socket.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  relay = new FakeRelay();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const logUrl = (pod: string, query = ''): string => `http://${base}/api/v1/namespaces/default/pods/${pod}/log${query ? `?${query}` : ''}`;

describe('GET .../pods/NAME/log', () => {
  test('streams the log as text/plain until the agent ends it', async () => {
    const res = fetch(logUrl('web', 'container=app&tailLines=2&timestamps=true'));
    await waitFor('the log to open', () => relay.logs.length === 1);
    relay.logs[0].push('one\n');
    relay.logs[0].push('two\n');
    relay.logs[0].push(null);
    const answer = await res;
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/plain');
    assert.equal(await answer.text(), 'one\ntwo\n');
    assert.deepEqual(relay.logRequests[0], {
      namespace: 'default',
      name: 'web',
      container: 'app',
      follow: false,
      previous: false,
      timestamps: true,
      tailLines: 2,
      hasTailLines: true,
    });
    assert.equal(relay.logs[0].cancelled, false, 'a log read to its end needs no cancel');
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
    await waitFor('the log to open', () => relay.logs.length === 1);
    relay.logs[0].push(badRequest('previous terminated container "app" in pod "web" not found'));
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
    assert.equal(relay.logRequests[0].follow, true);
    const reader = answer.body!.getReader();
    relay.logs[0].push('first\n');
    assert.equal(Buffer.from((await reader.read()).value!).toString(), 'first\n');
    relay.logs[0].push('second\n');
    assert.equal(Buffer.from((await reader.read()).value!).toString(), 'second\n');
    abort.abort();
    await waitFor('the agent stream to be cancelled', () => relay.logs[0].cancelled);
  });

  test('follow ends when the container stops', async () => {
    const res = fetch(logUrl('web', 'follow=1'));
    await waitFor('the log to open', () => relay.logs.length === 1);
    relay.logs[0].push('bye\n');
    const answer = await res;
    setTimeout(() => relay.logs[0].push(null), 20);
    assert.equal(await answer.text(), 'bye\n');
  });

  test('limitBytes cuts the log (mid-chunk) and lets the agent go', async () => {
    const res = fetch(logUrl('web', 'limitBytes=6'));
    await waitFor('the log to open', () => relay.logs.length === 1);
    relay.logs[0].push('abcd');
    relay.logs[0].push('efgh');
    assert.equal(await (await res).text(), 'abcdef');
    assert.equal(relay.logs[0].cancelled, true);
  });

  test('other paths are left to other routes', async () => {
    const res = await fetch(`http://${base}/api/v1/namespaces/default/pods/web`);
    assert.equal(res.status, 404);
    assert.equal(await res.text(), '');
  });
});

interface Frame {
  channel: number;
  text: string;
}

interface ExecClient {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<number>;
}

const execUrl = (pod: string, query: string, sub = 'exec'): string => `ws://${base}/api/v1/namespaces/default/pods/${pod}/${sub}?${query}`;

async function openExec(url: string, protocols: string[]): Promise<ExecClient> {
  const ws = new WebSocket(url, protocols);
  const frames: Frame[] = [];
  ws.on('message', (data: Buffer) => frames.push({ channel: data[0], text: data.subarray(1).toString() }));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await once(ws, 'open');
  return { ws, frames, closed };
}

/** The refusal of an upgrade: status code and the Status body. */
async function refusal(url: string, protocols: string[]): Promise<{ code: number; body: { reason: string; message: string } }> {
  const ws = new WebSocket(url, protocols);
  // Ending a refused client emits 'closed before the connection was established'; that is the point here.
  ws.on('error', () => undefined);
  const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  ws.terminate();
  return { code: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as { reason: string; message: string } };
}

const V5 = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const V4_CLIENT_NODE = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

describe('exec over WebSocket', () => {
  test('v5: stdin in, stdout and stderr out, stdin EOF by close signal, then Success', async () => {
    relay.onExec = (exec) => {
      exec.sink.stdout(Buffer.from('out\n'));
      exec.sink.stderr(Buffer.from('err\n'));
    };
    const client = await openExec(execUrl('web', 'command=sh&command=-c&command=cat&stdin=true&stdout=true&stderr=true'), V5);
    assert.equal(client.ws.protocol, 'v5.channel.k8s.io');
    client.ws.send(Buffer.from([0, ...Buffer.from('hello\n')]));
    client.ws.send(Buffer.from([255, 0]));
    assert.equal(await client.closed, 1000);
    const exec = relay.execs[0];
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
    relay.onExec = (exec) => exec.exit(3);
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
    await waitFor('stdin to arrive', () => relay.execs[0]?.stdin.length === 1);
    assert.equal(relay.execs[0].stdinClosed, false);
    relay.execs[0].exit(0);
    assert.equal(await client.closed, 1000);
  });

  test('a TTY takes resizes; without one they are dropped', async () => {
    const client = await openExec(execUrl('web', 'command=sh&stdin=true&stdout=true&tty=true'), V5);
    client.ws.send(Buffer.from([4, ...Buffer.from('{"Width":100,"Height":30}')]));
    await waitFor('the resize', () => relay.execs[0]?.resizes.length === 1);
    assert.deepEqual(relay.execs[0].resizes, [[100, 30]]);
    assert.equal(relay.execs[0].start.tty, true);
    relay.execs[0].exit(0);
    await client.closed;
  });

  test('a client that leaves cancels the command\'s stream', async () => {
    const client = await openExec(execUrl('web', 'command=sleep&command=100&stdout=true'), V5);
    await waitFor('the exec to open', () => relay.execs.length === 1);
    client.ws.close();
    await waitFor('the session to be cancelled', () => relay.execs[0].cancelled);
  });

  test('an exec the agent refuses ends with that Status on the error channel', async () => {
    relay.onExec = (exec) => exec.fail(badRequest('container app is not running'));
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
    await waitFor('the session to be cancelled', () => relay.execs[0].cancelled);
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
    assert.equal(relay.execs.length, 0);
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
    await waitFor('the attach to open', () => relay.attaches.length === 1);
    const attach = relay.attaches[0];
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
    await waitFor('the attach to open', () => relay.attaches.length === 1);
    client.ws.send(Buffer.from([0, ...Buffer.from('ignored')]));
    client.ws.send(Buffer.from([4, ...Buffer.from('{"Width":90,"Height":20}')]));
    client.ws.send(Buffer.from([255, 0]));
    // Messages are handled in order: once the leaving client's cancel arrives, the ones before it were handled.
    client.ws.close();
    await waitFor('the attach to be cancelled', () => relay.attaches[0].cancelled);
    assert.deepEqual(relay.attaches[0].stdin, []);
    assert.deepEqual(relay.attaches[0].resizes, []);
    assert.equal(relay.attaches[0].stdinClosed, false);
  });
});

const forwardUrl = (pod: string, query = ''): string => `ws://${base}/api/v1/namespaces/default/pods/${pod}/portforward${query}`;

describe('port-forward over WebSocket', () => {
  test('channel protocol (client-node): each channel opens with its port; data both ways; a failure on the error channel', async () => {
    relay.onForward = (forward) => {
      if (forward.port === 81) forward.fail(new ApiError('InternalError', 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused'));
    };
    const client = await openExec(forwardUrl('web', '?ports=80,81'), V4_CLIENT_NODE);
    assert.equal(client.ws.protocol, 'v4.channel.k8s.io');
    await waitFor('both connections', () => relay.forwards.length === 2);
    client.ws.send(Buffer.from([0, ...Buffer.from('GET / HTTP/1.0\r\n\r\n')]));
    await waitFor('the request bytes', () => relay.forwards[0].received.length === 1);
    assert.equal(relay.forwards[0].received[0].toString(), 'GET / HTTP/1.0\r\n\r\n');
    relay.forwards[0].sink.data(Buffer.from('HTTP/1.0 200 OK\r\n'));
    relay.forwards[0].finish();
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
    await waitFor('the connection', () => relay.forwards.length === 1);
    client.ws.close();
    await waitFor('the cancel', () => relay.forwards[0].cancelled);
  });

  test('refusals are Statuses: missing pod, no ports, a bad port, an unknown protocol', async () => {
    assert.equal((await refusal(forwardUrl('missing', '?ports=80'), ['v4.channel.k8s.io'])).code, 404);
    assert.equal((await refusal(forwardUrl('web'), ['v4.channel.k8s.io'])).body.message, 'query parameter "ports" is required');
    assert.equal((await refusal(forwardUrl('web', '?ports=70000'), ['v4.channel.k8s.io'])).body.message, 'port 70000 must be between 1 and 65535, inclusive');
    const old = await refusal(forwardUrl('web', '?ports=80'), ['channel.k8s.io']);
    assert.equal(old.body.message, 'unable to upgrade connection: requested protocol(s) are not supported: [channel.k8s.io]; supports [SPDY/3.1+portforward.k8s.io v4.channel.k8s.io]');
    assert.equal(relay.forwards.length, 0);
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
      await waitFor('the connection', () => relay.forwards.length === 1);
      assert.equal(relay.forwards[0].port, 80);
      await spdy.data(3, 'hello');
      await waitFor('the bytes', () => relay.forwards[0].received.length === 1);
      relay.forwards[0].sink.data(Buffer.from('world'));
      await spdy.data(3, '', true);
      await waitFor('the half-close', () => relay.forwards[0].ended);
      relay.forwards[0].finish();
      await spdy.waitFor('FIN on both', () => spdy.streamData(3).ended && spdy.streamData(1).ended);
      assert.equal(spdy.streamData(3).text, 'world');
      assert.equal(spdy.streamData(1).text, '');
      ws.close();
    });

    test('a refused connection is its message on the error stream, not a hang', async () => {
      relay.onForward = (forward) => forward.fail(new ApiError('InternalError', 'error forwarding port 81 to pod web, uid u1: dial tcp4 10.0.0.9:81: connect: connection refused'));
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
      assert.equal(relay.forwards.length, 0);
      ws.close();
    });

    test('a data stream the client resets early cancels its connection without an error (kubectl would end the session)', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '0'), FLAG_FIN);
      await spdy.open(3, headers('data', '0'));
      await waitFor('the connection', () => relay.forwards.length === 1);
      await spdy.reset(3, 5);
      await waitFor('the cancel', () => relay.forwards[0].cancelled);
      await spdy.waitFor('FIN on the error stream', () => spdy.streamData(1).ended);
      assert.equal(spdy.streamData(1).text, '');
      ws.close();
    });

    test('closing the tunnel cancels the open connections', async () => {
      const { ws, spdy } = await tunnel();
      await spdy.open(1, headers('error', '0'), FLAG_FIN);
      await spdy.open(3, headers('data', '0'));
      await waitFor('the connection', () => relay.forwards.length === 1);
      ws.close();
      await waitFor('the cancel', () => relay.forwards[0].cancelled);
    });
  });
});

/** A direct SPDY/3.1 upgrade as kubectl 1.27-1.29 send it: the status line, the reply's headers, and after a 101 the SPDY client. */
interface DirectSpdy {
  status: number;
  head: string;
  body: string;
  spdy: SpdyTestClient;
  socket: Socket;
  closed: Promise<void>;
}

async function spdyUpgrade(path: string, protocols: readonly string[]): Promise<DirectSpdy> {
  const [host, port] = base.split(':');
  const socket = connect(Number(port), host);
  await once(socket, 'connect');
  const closed = once(socket, 'close').then(() => undefined);
  const spdy = new SpdyTestClient((bytes) => socket.write(bytes));
  const versions = protocols.map((p) => `X-Stream-Protocol-Version: ${p}\r\n`).join('');
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${base}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${versions}Content-Length: 0\r\n\r\n`);
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
    assert.equal(relay.execs.length, 0);
  });

  test('v4 exec: starts once every stream the query asks for is open; stdin in, output out, the exit code as a Status', async () => {
    relay.onExec = (exec) => {
      exec.sink.stdout(Buffer.from('out\n'));
      exec.sink.stderr(Buffer.from('err\n'));
    };
    relay.onStdinClosed = (exec) => exec.exit(3);
    const { status, spdy, closed } = await spdyUpgrade(podPath('web', 'exec', 'command=cat&stdin=true&stdout=true&stderr=true'), KUBECTL_129_EXEC);
    assert.equal(status, 101);
    await spdy.open(1, streamType('error'));
    await spdy.open(3, streamType('stdin'));
    await spdy.open(5, streamType('stdout'));
    await spdy.waitFor('three replies', () => replies(spdy) === 3);
    assert.equal(relay.execs.length, 0, 'no command before the stderr stream');
    await spdy.open(7, streamType('stderr'));
    await waitFor('the command', () => relay.execs.length === 1);
    await spdy.data(3, 'hello\n');
    await spdy.data(3, '', true);
    await spdy.waitFor('FIN on error, stdout and stderr', () => [1, 5, 7].every((id) => spdy.streamData(id).ended));
    await closed;
    assert.deepEqual(relay.execs[0].stdin, ['hello\n']);
    assert.equal(relay.execs[0].stdinClosed, true);
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
    await waitFor('the attach', () => relay.attaches.length === 1);
    assert.deepEqual(resets(spdy), [5, 7]);
    await spdy.data(11, '{"Width":80,"Height":24}\n{"Width":100,');
    await spdy.data(11, '"Height":40}\n');
    await waitFor('both resizes', () => relay.attaches[0].resizes.length === 2);
    assert.deepEqual(relay.attaches[0].resizes, [[80, 24], [100, 40]]);
    await spdy.data(9, '', true);
    await spdy.waitFor('FIN on the error stream', () => spdy.streamData(1).ended);
    await closed;
    assert.equal(spdy.streamData(1).text, '');
  });

  test('a client that leaves before the command ends cancels it', async () => {
    const { spdy, socket } = await spdyUpgrade(podPath('web', 'exec', 'command=sleep&stdout=true'), KUBECTL_129_EXEC);
    await spdy.open(1, streamType('error'));
    await spdy.open(3, streamType('stdout'));
    await waitFor('the command', () => relay.execs.length === 1);
    socket.destroy();
    await waitFor('the cancel', () => relay.execs[0].cancelled);
  });

  test('port-forward: portforward.k8s.io named in the 101, then an error/data pair is one connection', async () => {
    const { status, head, spdy, socket } = await spdyUpgrade(podPath('web', 'portforward'), ['portforward.k8s.io']);
    assert.equal(status, 101);
    assert.match(head, /\r\nX-Stream-Protocol-Version: portforward\.k8s\.io(\r\n|$)/);
    const headers = (type: string) => ({ streamtype: [type], port: ['80'], requestid: ['0'] });
    await spdy.open(1, headers('error'), FLAG_FIN);
    await spdy.open(3, headers('data'));
    await waitFor('the connection', () => relay.forwards.length === 1);
    await spdy.data(3, 'hello');
    await waitFor('the bytes', () => relay.forwards[0].received.length === 1);
    assert.equal(relay.forwards[0].port, 80);
    relay.forwards[0].sink.data(Buffer.from('world'));
    relay.forwards[0].finish();
    await spdy.waitFor('FIN on both', () => spdy.streamData(3).ended && spdy.streamData(1).ended);
    assert.equal(spdy.streamData(3).text, 'world');
    socket.destroy();
  });
});
