// Port-forward over the kubelet's WebSocket channel protocol (what
// @kubernetes/client-node speaks): one WebSocket per set of connections, one
// connection per port in `?ports=`; port i has data channel 2i and error
// channel 2i+1, each opened with the port number. A failed connection is text
// on its error channel; once every port's connection has ended, the
// WebSocket closes normally.
import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../../../client/logger.js';
import type { PortForwardSession } from '../../../client/port-forward-session.js';
import type { PortForwardTarget } from '../../streaming/pod-relay.js';
import { relayError } from '../../streaming/pod-relay.js';
import { encodeFrame } from './channel-protocol.js';
import { MAX_UNSENT_OUTPUT_BYTES } from './stream-limits.js';
import { forwardingFailure } from './port-forward-errors.js';
import { portPrefix } from './port-forward-protocols.js';
import { messageBytes } from './upgrade.js';
import { keepAlive } from './websocket-keepalive.js';

const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;

export function forwardChannels(ws: WebSocket, target: PortForwardTarget, ports: readonly number[], log: Logger): void {
  const fields = { ns: target.pod.metadata.namespace, pod: target.pod.metadata.name };
  const send = (frame: Buffer): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_OUTPUT_BYTES) {
      log.warn(fields, 'port-forward client does not read; cutting the session');
      ws.close(CLOSE_GOING_AWAY, 'client too slow');
      return;
    }
    ws.send(frame);
  };
  ports.forEach((port, i) => {
    send(portPrefix(2 * i, port));
    send(portPrefix(2 * i + 1, port));
  });
  const sessions: PortForwardSession[] = ports.map((port, i) =>
    target.open(port, { connected: () => undefined, data: (chunk) => send(encodeFrame(2 * i, chunk)) }),
  );
  let closed = false;
  const finished = sessions.map((session, i) =>
    session.done.catch((err: unknown) => {
      if (!closed) send(encodeFrame(2 * i + 1, forwardingFailure(ports[i], target.pod, relayError(err))));
    }),
  );
  void Promise.all(finished).then(() => {
    if (ws.readyState === WebSocket.OPEN) ws.close(CLOSE_NORMAL);
  });

  ws.on('message', (data: RawData) => {
    const message = messageBytes(data);
    if (message.length < 1) return;
    const channel = message[0];
    // Clients write only data channels; anything on an error channel or past the ports is ignored, as the kubelet does.
    if (channel % 2 !== 0 || channel / 2 >= sessions.length) return;
    sessions[channel / 2].write(message.subarray(1));
  });
  keepAlive(ws, () => log.debug(fields, 'port-forward client stopped answering pings'));
  ws.on('error', (err) => log.debug({ ...fields, err }, 'port-forward WebSocket failed'));
  ws.on('close', () => {
    closed = true;
    for (const session of sessions) session.cancel();
  });
}
