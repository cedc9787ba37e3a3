// exec and attach of pods, as kubectl 1.30+ and the client libraries speak
// them: GET /api/v1/namespaces/<ns>/pods/<name>/exec?command=.. (or
// .../attach?stdin=..) upgraded to a WebSocket with subprotocol
// v5.channel.k8s.io or v4.channel.k8s.io; or, as kubectl 1.27-1.29 speak
// them, upgraded to SPDY/3.1 (exec-spdy.ts); both over the relay core of
// exec-relay.ts. attach reaches the container's main process: its stdin only
// when the container keeps stdin open, its TTY as it was created. Every check
// runs before the handshake, so a refusal is an HTTP Status that client-go
// turns into `Error from server (...)`; after it, the command's end is a
// Status on the error channel, then a normal close.
import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Logger } from '../../../client/logger.js';
import { relayError, type ExecTarget } from '../../streaming/pod-relay.js';
import {
  chooseProtocol,
  decodeClientFrame,
  encodeFrame,
  ERROR_CHANNEL,
  statusFrame,
  STDERR_CHANNEL,
  STDIN_CHANNEL,
  STDOUT_CHANNEL,
  SUPPORTED_PROTOCOLS,
} from './channel-protocol.js';
import type { PodStreamsDeps } from './deps.js';
import { runExec } from './exec-relay.js';
import { methodNotAllowed, parsePodSubresourcePath } from './pod-path.js';
import { parseExecQuery, queryBool, type ExecQuery } from './query-params.js';
import { messageBytes, rejectUpgrade, unsupportedProtocols, webSocketOffer, type UpgradeContext, type UpgradeHandler } from './upgrade.js';
import { keepAlive } from './websocket-keepalive.js';
import { MAX_CLIENT_MESSAGE_BYTES, MAX_UNSENT_OUTPUT_BYTES } from './stream-limits.js';
import { EXEC_SPDY_PROTOCOLS, serveSpdyExec } from './exec-spdy.js';
import { acceptSpdyUpgrade, isSpdyUpgrade, negotiateStreamProtocol } from './spdy-upgrade.js';

/** WebSocket close codes (RFC 6455 section 7.4.1). */
const CLOSE_NORMAL = 1000;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_GOING_AWAY = 1001;
/** A close frame's reason must fit in 123 bytes. */
const MAX_CLOSE_REASON_CHARS = 100;

/** What an attach carries: the container, not the request, decides about stdin and the TTY (as the kubelet does). */
function attachQuery(query: ExecQuery, params: URLSearchParams, container: { stdin: boolean; tty: boolean }): ExecQuery {
  const tty = container.tty;
  return { ...query, stdin: query.stdin && container.stdin, tty, stderr: queryBool(params, 'stderr') && !tty };
}

/** The subprotocol to speak, or the BadRequest that refuses the upgrade. */
function negotiate(req: IncomingMessage): string {
  const offered = webSocketOffer(req, 'exec', SUPPORTED_PROTOCOLS);
  const chosen = chooseProtocol(offered);
  if (!chosen) throw unsupportedProtocols(offered, SUPPORTED_PROTOCOLS);
  return chosen;
}

/** Copies one exec between a WebSocket and the relay core until the command ends or either side leaves. */
function bridge(ws: WebSocket, protocol: string, query: ExecQuery, target: ExecTarget, log: Logger): void {
  const fields = { ns: query.start.namespace, pod: query.start.name, container: target.container };
  const cut = (code: number, reason: string): void => {
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason.slice(0, MAX_CLOSE_REASON_CHARS));
    run.clientGone();
  };
  const send = (frame: Buffer): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_OUTPUT_BYTES) {
      log.warn(fields, 'exec client does not read its output; cutting the session');
      cut(CLOSE_GOING_AWAY, 'client too slow');
      return;
    }
    ws.send(frame);
  };

  const run = runExec(query, target, {
    stdout: (chunk) => send(encodeFrame(STDOUT_CHANNEL, chunk)),
    stderr: (chunk) => send(encodeFrame(STDERR_CHANNEL, chunk)),
    finish: (status) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(statusFrame(status));
      ws.close(CLOSE_NORMAL);
    },
  });
  // An empty message on the lowest channel the server writes tells the client the streams are up (as the kubelet does).
  send(encodeFrame(query.stdout ? STDOUT_CHANNEL : query.stderr ? STDERR_CHANNEL : ERROR_CHANNEL));

  ws.on('message', (data: RawData) => {
    const frame = decodeClientFrame(messageBytes(data), protocol);
    switch (frame.kind) {
      case 'stdin':
        run.stdin(frame.data);
        break;
      case 'resize':
        run.resize(frame.width, frame.height);
        break;
      case 'close':
        if (frame.channel === STDIN_CHANNEL) run.closeStdin();
        break;
      case 'invalid':
        log.debug({ ...fields, msg: frame.message }, 'exec client broke the channel protocol');
        cut(CLOSE_PROTOCOL_ERROR, frame.message);
        break;
      case 'ignore':
        break;
    }
  });
  keepAlive(ws, () => log.debug(fields, 'exec client stopped answering pings'));
  ws.on('error', (err) => log.debug({ ...fields, err }, 'exec WebSocket failed'));
  // The client left before the command ended: stop the command's stream.
  ws.on('close', () => run.clientGone());
}

/** The exec and attach subresources of pods, for the HTTP server's 'upgrade' event; resolves false for every other path. */
export function podExecUpgrade(deps: PodStreamsDeps): UpgradeHandler {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    // The protocol was chosen (and refusals answered) before the handshake; this only names it in the reply.
    handleProtocols: (offered) => chooseProtocol([...offered]) ?? false,
  });
  return async (ctx: UpgradeContext): Promise<boolean> => {
    const path = parsePodSubresourcePath(ctx.url.pathname);
    if (!path || (path.subresource !== 'exec' && path.subresource !== 'attach')) return false;
    // Until ws takes the socket over, a reset while the pod is read must not be an uncaught 'error'.
    ctx.socket.on('error', (err) => deps.log.debug({ err }, 'exec socket failed before the handshake'));
    let spdy: boolean;
    let protocol: string;
    let query: ExecQuery;
    let target: ExecTarget;
    try {
      if (ctx.req.method !== 'GET' && ctx.req.method !== 'POST') throw methodNotAllowed();
      query = parseExecQuery(ctx.url.searchParams, path.namespace, path.name);
      // The pod's problems come before the protocol's: kubectl retries a refused WebSocket
      // over SPDY and prints only the second answer, which must say what is wrong with the pod.
      if (path.subresource === 'attach') {
        const attach = await deps.relay.prepareAttach(query.start);
        query = attachQuery(query, ctx.url.searchParams, attach);
        target = attach;
      } else {
        target = await deps.relay.prepareExec(query.start);
      }
      spdy = isSpdyUpgrade(ctx.req);
      protocol = spdy ? negotiateStreamProtocol(ctx.req, EXEC_SPDY_PROTOCOLS) : negotiate(ctx.req);
    } catch (err) {
      rejectUpgrade(ctx.socket, relayError(err));
      return true;
    }
    if (ctx.socket.destroyed) return true;
    if (spdy) {
      const fields = { ns: path.namespace, pod: path.name, container: target.container };
      serveSpdyExec(acceptSpdyUpgrade(ctx.socket, ctx.head, protocol, deps.log, fields), protocol, query, target, deps.log);
      return true;
    }
    server.handleUpgrade(ctx.req, ctx.socket, ctx.head, (ws) => bridge(ws, protocol, query, target, deps.log));
    return true;
  };
}
