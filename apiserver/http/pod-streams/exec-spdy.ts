// exec and attach over a direct SPDY/3.1 connection, as kubectl 1.27-1.29
// speak them. The query says which streams the client wants; the client opens
// each as a SPDY stream with a `streamType` header (error, stdin, stdout,
// stderr and, with a TTY, resize) and the command starts once all are there,
// as the kubelet's httpstream handler waits for them. The command's end is
// written on the error stream (v4: a JSON Status; older versions: the message
// of a failure, nothing on success), every stream gets FIN and the connection
// closes. Resize carries one JSON TerminalSize per line.
import type { Status } from '../../../api/types/index.js';
import type { Logger } from '../../../client/logger.js';
import type { ExecTarget } from '../../streaming/pod-relay.js';
import { parseResize, PROTOCOL_V4, statusJson } from './channel-protocol.js';
import { runExec, type ExecRun } from './exec-relay.js';
import type { ExecQuery } from './query-params.js';
import { headerValue } from './spdy/header-block.js';
import type { SpdySession, SpdyStream } from './spdy/spdy-session.js';
import { STREAM_CREATION_TIMEOUT_MS } from './spdy-upgrade.js';

export const PROTOCOL_V3 = 'v3.channel.k8s.io';
export const PROTOCOL_V2 = 'v2.channel.k8s.io';
export const PROTOCOL_V1 = 'channel.k8s.io';
/** What exec and attach speak over SPDY (the kubelet's SupportedStreamingProtocols). */
export const EXEC_SPDY_PROTOCOLS: readonly string[] = [PROTOCOL_V4, PROTOCOL_V3, PROTOCOL_V2, PROTOCOL_V1];
/** Versions before v3 have no resize stream. */
const RESIZING_PROTOCOLS: readonly string[] = [PROTOCOL_V4, PROTOCOL_V3];

/** The `streamType` values (k8s.io/api/core/v1 consts) and the header that carries them. */
const STREAM_TYPE_HEADER = 'streamtype';
export type ExecStreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';
const STREAM_TYPES: readonly string[] = ['error', 'stdin', 'stdout', 'stderr', 'resize'];

/** The streams a client must open before the command starts: the error stream and what the query asked for. */
export function expectedStreams(query: ExecQuery, protocol: string): Set<ExecStreamType> {
  const expected = new Set<ExecStreamType>(['error']);
  if (query.stdin) expected.add('stdin');
  if (query.stdout) expected.add('stdout');
  if (query.stderr) expected.add('stderr');
  if (query.tty && RESIZING_PROTOCOLS.includes(protocol)) expected.add('resize');
  return expected;
}

/** What the error stream carries for a finished command, or '' for nothing. */
export function errorStreamText(status: Status, protocol: string): string {
  if (protocol === PROTOCOL_V4) return statusJson(status);
  return status.status === 'Success' ? '' : (status.message ?? '');
}

type Streams = Partial<Record<ExecStreamType, SpdyStream>>;

/**
 * Collects the client's streams as they open: each accepted once, anything
 * unasked-for or repeated refused. Calls `ready` when the set is complete.
 */
export class ExecStreamCollector {
  readonly streams: Streams = {};
  private complete = false;

  constructor(
    private readonly expected: Set<ExecStreamType>,
    private readonly ready: (streams: Streams) => void,
  ) {}

  offer(stream: SpdyStream): void {
    const type = headerValue(stream.headers, STREAM_TYPE_HEADER);
    if (this.complete || !isStreamType(type) || !this.expected.has(type) || this.streams[type]) {
      stream.reset();
      return;
    }
    stream.reply();
    this.streams[type] = stream;
    if (Object.keys(this.streams).length < this.expected.size) return;
    this.complete = true;
    this.ready(this.streams);
  }
}

function isStreamType(type: string | undefined): type is ExecStreamType {
  return type !== undefined && STREAM_TYPES.includes(type);
}

/** Passes each JSON line of the resize stream on; a line that is not a size ends the following, as the kubelet's decoder stops. */
function followResizes(stream: SpdyStream, run: ExecRun, log: Logger): void {
  let pending = '';
  let broken = false;
  stream.on('data', (chunk: Buffer) => {
    if (broken) return;
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const frame = parseResize(Buffer.from(line, 'utf8'));
      if (frame.kind !== 'resize') {
        broken = true;
        log.debug({ line }, 'the resize stream carried something other than a terminal size');
        return;
      }
      run.resize(frame.width, frame.height);
    }
  });
}

function start(spdy: SpdySession, streams: Streams, protocol: string, query: ExecQuery, target: ExecTarget, log: Logger): ExecRun {
  const run = runExec(query, target, {
    stdout: (chunk) => streams.stdout?.write(chunk),
    stderr: (chunk) => streams.stderr?.write(chunk),
    finish: (status) => {
      streams.stdout?.end();
      streams.stderr?.end();
      const text = errorStreamText(status, protocol);
      if (text) streams.error?.write(Buffer.from(text, 'utf8'));
      streams.error?.end();
      spdy.shutdown();
    },
  });
  streams.stdin?.on('data', (chunk: Buffer) => run.stdin(chunk));
  streams.stdin?.on('end', () => run.closeStdin());
  if (streams.resize) followResizes(streams.resize, run, log);
  return run;
}

/** Serves one exec or attach on an upgraded SPDY connection. */
export function serveSpdyExec(spdy: SpdySession, protocol: string, query: ExecQuery, target: ExecTarget, log: Logger): void {
  const fields = { ns: query.start.namespace, pod: query.start.name, container: target.container };
  let run: ExecRun | undefined;
  const collector = new ExecStreamCollector(expectedStreams(query, protocol), (streams) => {
    clearTimeout(timer);
    run = start(spdy, streams, protocol, query, target, log);
  });
  const timer = setTimeout(() => {
    log.debug(fields, 'timed out waiting for the exec client to create its streams');
    spdy.shutdown();
  }, STREAM_CREATION_TIMEOUT_MS);
  timer.unref();
  spdy.on('stream', (stream: SpdyStream) => collector.offer(stream));
  spdy.on('protocolError', (err: Error) => log.debug({ ...fields, err }, 'exec client broke the SPDY protocol'));
  spdy.on('close', () => {
    clearTimeout(timer);
    run?.clientGone();
  });
}
