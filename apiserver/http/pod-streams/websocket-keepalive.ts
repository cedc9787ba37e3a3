// Pings a streaming WebSocket's client now and then; one that has not answered
// (pong or any message) by the next ping is gone, and its socket is dropped.
import { WebSocket } from 'ws';

/** How often the server pings; a client that has not answered the previous ping by then is gone. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** Starts the pings; they stop when the socket closes. `onGone` runs before a silent client is dropped. */
export function keepAlive(ws: WebSocket, onGone: () => void): void {
  let alive = true;
  const answered = (): void => {
    alive = true;
  };
  ws.on('message', answered);
  ws.on('pong', answered);
  const timer = setInterval(() => {
    if (!alive) {
      onGone();
      ws.terminate();
      return;
    }
    alive = false;
    if (ws.readyState === WebSocket.OPEN) ws.ping();
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  ws.on('close', () => clearInterval(timer));
}
