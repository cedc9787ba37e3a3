// Port-forward as kubectl speaks it: SPDY/3.1, tunnelled through a
// WebSocket (1.30+) or on the upgraded connection itself (1.27-1.29). For
// each local connection kubectl opens an error stream and a data stream with
// the same `requestID` and `port` headers; once both are there, one connection to the pod carries the data stream's bytes. When the
// pod's side closes, the data stream ends (FIN) and so does the error stream;
// a failure is its text on the error stream first, which kubectl prints
// before it gives up the whole session (as the kubelet's httpstream handler
// behaves). A pair that is not completed in time gets an error too.
import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../../../client/logger.js';
import type { PortForwardSession } from '../../../client/port-forward-session.js';
import type { PortForwardTarget } from '../../streaming/pod-relay.js';
import { relayError } from '../../streaming/pod-relay.js';
import { MAX_UNSENT_OUTPUT_BYTES } from './stream-limits.js';
import { forwardingFailure } from './port-forward-errors.js';
import { parsePort } from './port-forward-protocols.js';
import { headerValue } from './spdy/header-block.js';
import { SpdySession, type SpdyStream } from './spdy/spdy-session.js';
import { STREAM_CREATION_TIMEOUT_MS } from './spdy-upgrade.js';
import { messageBytes } from './upgrade.js';
import { keepAlive } from './websocket-keepalive.js';

/** Stream headers kubectl sets (k8s.io/api/core/v1 consts). */
const STREAM_TYPE_HEADER = 'streamtype';
const PORT_HEADER = 'port';
const REQUEST_ID_HEADER = 'requestid';
const STREAM_TYPE_ERROR = 'error';
const STREAM_TYPE_DATA = 'data';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Ends a pair: the error text (if any) then FIN on both streams. */
function finishPair(error: SpdyStream, data: SpdyStream, message?: string): void {
  if (message) error.write(Buffer.from(message, 'utf8'));
  error.end();
  data.end();
}

/** One connection to the pod for a complete pair. */
function forwardPair(target: PortForwardTarget, error: SpdyStream, data: SpdyStream, log: Logger): PortForwardSession | undefined {
  const port = parsePort(headerValue(data.headers, PORT_HEADER));
  if (port instanceof Error) {
    finishPair(error, data, port.message);
    return undefined;
  }
  const session = target.open(port, { connected: () => undefined, data: (chunk) => data.write(chunk) });
  data.on('data', (chunk: Buffer) => session.write(chunk));
  data.on('end', () => session.end());
  // kubectl resets the data stream once it has read the pod's end; a reset before that means it gave up.
  let clientGaveUp = false;
  data.on('reset', () => {
    clientGaveUp = true;
    session.cancel();
  });
  session.done.then(
    () => finishPair(error, data),
    (err: unknown) => {
      // A client that gave up on one connection (its local peer reset it) gets no error: kubectl would end the whole session for it.
      if (clientGaveUp) {
        error.end();
        return;
      }
      const message = forwardingFailure(port, target.pod, relayError(err));
      log.debug({ ns: target.pod.metadata.namespace, pod: target.pod.metadata.name, msg: message }, 'port-forward connection failed');
      finishPair(error, data, message);
    },
  );
  return session;
}

/**
 * Serves port-forward on a SPDY session, however its bytes travel (a
 * WebSocket tunnel or the upgraded socket itself); the session's close
 * cancels every connection.
 */
export function serveSpdyPortForward(spdy: SpdySession, target: PortForwardTarget, log: Logger): void {
  const fields = { ns: target.pod.metadata.namespace, pod: target.pod.metadata.name };
  const pairs = new Map<string, Pair>();
  const sessions = new Set<PortForwardSession>();

  spdy.on('protocolError', (err: Error) => log.debug({ ...fields, err }, 'port-forward client broke the SPDY protocol'));
  spdy.on('stream', (stream: SpdyStream) => {
    const type = headerValue(stream.headers, STREAM_TYPE_HEADER);
    const requestId = headerValue(stream.headers, REQUEST_ID_HEADER);
    if ((type !== STREAM_TYPE_ERROR && type !== STREAM_TYPE_DATA) || requestId === undefined) {
      // The kubelet refuses such a stream (its handler errs, the stream is reset).
      stream.reset();
      return;
    }
    stream.reply();
    let pair = pairs.get(requestId);
    if (!pair) {
      const timer = setTimeout(() => {
        pairs.delete(requestId);
        if (pair?.error) finishPair(pair.error, pair.data ?? pair.error, `timed out waiting for the data stream of request ${requestId}`);
        else pair?.data?.reset();
      }, STREAM_CREATION_TIMEOUT_MS);
      timer.unref();
      pair = { timer };
      pairs.set(requestId, pair);
    }
    if (pair[type]) {
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (!pair.error || !pair.data) return;
    clearTimeout(pair.timer);
    pairs.delete(requestId);
    const session = forwardPair(target, pair.error, pair.data, log);
    if (!session) return;
    sessions.add(session);
    session.done.then(
      () => sessions.delete(session),
      () => sessions.delete(session),
    );
  });
  spdy.on('close', () => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
    for (const session of sessions) session.cancel();
  });
}

/** Port-forward as kubectl 1.30+ tunnels it: the SPDY session's bytes are the WebSocket's binary messages. */
export function forwardSpdy(ws: WebSocket, target: PortForwardTarget, log: Logger): void {
  const fields = { ns: target.pod.metadata.namespace, pod: target.pod.metadata.name };
  const spdy = new SpdySession({
    write: (bytes) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      // The pod's bytes cannot be paused from here; a client that does not read loses its session rather than the apiserver its memory.
      if (ws.bufferedAmount > MAX_UNSENT_OUTPUT_BYTES) {
        log.warn(fields, 'port-forward client does not read; cutting the session');
        ws.terminate();
        return;
      }
      ws.send(bytes, { binary: true });
    },
    close: () => ws.close(),
  });
  serveSpdyPortForward(spdy, target, log);
  ws.on('message', (data: RawData) => spdy.receive(messageBytes(data)));
  keepAlive(ws, () => log.debug(fields, 'port-forward client stopped answering pings'));
  ws.on('error', (err) => log.debug({ ...fields, err }, 'port-forward WebSocket failed'));
  ws.on('close', () => spdy.close());
}
