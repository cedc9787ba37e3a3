// The portforward subresource of pods:
// /api/v1/namespaces/<ns>/pods/<name>/portforward, over a WebSocket as a
// SPDY tunnel for kubectl 1.30+ or the channel protocol for client libraries
// (port-forward-protocols.ts), or as a direct SPDY/3.1 upgrade with stream
// protocol portforward.k8s.io for kubectl 1.27-1.29. As with exec, every
// check runs before the handshake, so a refusal is an HTTP Status.
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import { relayError, type PortForwardTarget } from '../../streaming/pod-relay.js';
import type { PodStreamsDeps } from './deps.js';
import { MAX_CLIENT_MESSAGE_BYTES } from './stream-limits.js';
import { methodNotAllowed, parsePodSubresourcePath } from './pod-path.js';
import { forwardChannels } from './port-forward-channels.js';
import { choosePortForwardProtocol, parsePortsQuery, PORT_FORWARD_PROTOCOL_V1, PORT_FORWARD_PROTOCOLS, type PortForwardMode } from './port-forward-protocols.js';
import { forwardSpdy, serveSpdyPortForward } from './port-forward-spdy.js';
import { acceptSpdyUpgrade, isSpdyUpgrade, negotiateStreamProtocol } from './spdy-upgrade.js';
import { rejectUpgrade, unsupportedProtocols, webSocketOffer, type UpgradeContext, type UpgradeHandler } from './upgrade.js';

function negotiate(req: IncomingMessage): { protocol: string | undefined; mode: PortForwardMode } {
  const offered = webSocketOffer(req, 'port-forward', PORT_FORWARD_PROTOCOLS);
  const chosen = choosePortForwardProtocol(offered);
  if (!chosen) throw unsupportedProtocols(offered, PORT_FORWARD_PROTOCOLS);
  return chosen;
}

export function podPortForwardUpgrade(deps: PodStreamsDeps): UpgradeHandler {
  // kubectl's `SPDY/3.1+portforward.k8s.io` has a '/', which RFC 6455's token
  // grammar (and so ws's header parser) refuses, though Go's servers take it.
  // So the protocol is negotiated here, the header kept from ws, and the
  // choice named in the 101 reply by hand.
  const chosen = new WeakMap<IncomingMessage, string>();
  const server = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('headers', (headers: string[], req: IncomingMessage) => {
    const protocol = chosen.get(req);
    if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
  });
  return async (ctx: UpgradeContext): Promise<boolean> => {
    const path = parsePodSubresourcePath(ctx.url.pathname);
    if (!path || path.subresource !== 'portforward') return false;
    ctx.socket.on('error', (err) => deps.log.debug({ err }, 'port-forward socket failed before the handshake'));
    let mode: PortForwardMode;
    let target: PortForwardTarget;
    let ports: number[] = [];
    let spdyProtocol: string | undefined;
    try {
      if (ctx.req.method !== 'GET' && ctx.req.method !== 'POST') throw methodNotAllowed();
      target = await deps.relay.preparePortForward(path.namespace, path.name);
      if (isSpdyUpgrade(ctx.req)) {
        spdyProtocol = negotiateStreamProtocol(ctx.req, [PORT_FORWARD_PROTOCOL_V1]);
        mode = 'spdy';
      } else {
        const negotiated = negotiate(ctx.req);
        mode = negotiated.mode;
        if (negotiated.protocol) chosen.set(ctx.req, negotiated.protocol);
        delete ctx.req.headers['sec-websocket-protocol'];
        if (mode === 'channels') ports = parsePortsQuery(ctx.url.searchParams);
      }
    } catch (err) {
      rejectUpgrade(ctx.socket, relayError(err));
      return true;
    }
    if (ctx.socket.destroyed) return true;
    if (spdyProtocol) {
      const fields = { ns: path.namespace, pod: path.name };
      serveSpdyPortForward(acceptSpdyUpgrade(ctx.socket, ctx.head, spdyProtocol, deps.log, fields), target, deps.log);
      return true;
    }
    server.handleUpgrade(ctx.req, ctx.socket, ctx.head, (ws) => {
      if (mode === 'spdy') forwardSpdy(ws, target, deps.log);
      else forwardChannels(ws, target, ports, deps.log);
    });
    return true;
  };
}
