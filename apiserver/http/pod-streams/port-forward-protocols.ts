// The two ways a client may forward ports over a WebSocket, and how one is
// chosen. kubectl 1.30+ tunnels SPDY/3.1 through the WebSocket (subprotocol
// `SPDY/3.1+portforward.k8s.io`), one stream pair per connection, ports in
// the streams' headers. Client libraries (@kubernetes/client-node) use the
// kubelet's channel protocol: `?ports=` names the ports and each port gets a
// data and an error channel, both opened with its number. Pure functions.
import { badRequest } from '../../../api/errors.js';
import { PROTOCOL_V4 } from './channel-protocol.js';

/** The SPDY port-forward protocol (k8s.io/apimachinery util/portforward). */
export const PORT_FORWARD_PROTOCOL_V1 = 'portforward.k8s.io';
/** Marks a WebSocket subprotocol as a SPDY tunnel (client-go tunneling dialer). */
export const SPDY_TUNNEL_PREFIX = 'SPDY/3.1+';
export const SPDY_TUNNEL_PROTOCOL = `${SPDY_TUNNEL_PREFIX}${PORT_FORWARD_PROTOCOL_V1}`;
/** What port-forward speaks, in the server's order of preference. */
export const PORT_FORWARD_PROTOCOLS: readonly string[] = [SPDY_TUNNEL_PROTOCOL, PROTOCOL_V4];

export type PortForwardMode = 'spdy' | 'channels';

/** The first protocol the client offers that port-forward speaks; a client that offers none gets the channel protocol, as from the kubelet. */
export function choosePortForwardProtocol(offered: readonly string[]): { protocol: string | undefined; mode: PortForwardMode } | undefined {
  if (offered.length === 0) return { protocol: undefined, mode: 'channels' };
  const protocol = offered.find((p) => PORT_FORWARD_PROTOCOLS.includes(p));
  if (!protocol) return undefined;
  return { protocol, mode: protocol === SPDY_TUNNEL_PROTOCOL ? 'spdy' : 'channels' };
}

const MAX_PORT = 65_535;

/** A port from a header or query, or why it is not one (the kubelet's message). */
export function parsePort(text: string | undefined): number | Error {
  if (text === undefined || !/^\d+$/.test(text)) return badRequest(`unable to parse "${text ?? ''}" as a port: must be a number`);
  const port = Number(text);
  if (port < 1 || port > MAX_PORT) return badRequest(`port ${port} must be between 1 and ${MAX_PORT}, inclusive`);
  return port;
}

/** The `ports` query of the channel protocol (repeated or comma-separated); at least one. */
export function parsePortsQuery(params: URLSearchParams): number[] {
  const texts = params.getAll('ports').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (texts.length === 0) throw badRequest('query parameter "ports" is required');
  return texts.map((text) => {
    const port = parsePort(text);
    if (port instanceof Error) throw port;
    return port;
  });
}

/** The first message of each channel: the port, 2 bytes little-endian. */
export function portPrefix(channel: number, port: number): Buffer {
  const frame = Buffer.alloc(3);
  frame[0] = channel;
  frame.writeUInt16LE(port, 1);
  return frame;
}
