// The Kubernetes remote-command WebSocket protocol (k8s.io/apimachinery
// util/remotecommand and util/httpstream/wsstream): every binary message
// starts with one byte naming its channel. 0 stdin, 1 stdout, 2 stderr,
// 3 the final Status (JSON since v4), 4 terminal resizes (JSON). v5 adds
// 255: a client's `[255, n]` says it will send nothing more on channel n
// (kubectl sends it when its stdin reaches EOF). Pure functions: no sockets.
import { apiErrorOf } from '../http-reply.js';
import type { Status } from '../../../api/types/index.js';

export const PROTOCOL_V5 = 'v5.channel.k8s.io';
export const PROTOCOL_V4 = 'v4.channel.k8s.io';
/** What this server speaks, newest first. Older versions send a plain-text error channel; base64 variants are for browsers. */
export const SUPPORTED_PROTOCOLS: readonly string[] = [PROTOCOL_V5, PROTOCOL_V4];

export const STDIN_CHANNEL = 0;
export const STDOUT_CHANNEL = 1;
export const STDERR_CHANNEL = 2;
export const ERROR_CHANNEL = 3;
export const RESIZE_CHANNEL = 4;
export const CLOSE_SIGNAL = 255;

/** The reason and cause type kubectl reads an exit code from (remotecommand consts). */
export const NON_ZERO_EXIT_CODE_REASON = 'NonZeroExitCode';
export const EXIT_CODE_CAUSE_TYPE = 'ExitCode';
/** The largest exit code a client accepts (client-go parses the cause as a uint8). */
const MAX_EXIT_CODE = 255;

/** The subprotocols a client offers, in its order of preference (Sec-WebSocket-Protocol may repeat). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values.flatMap((v) => v.split(',')).map((p) => p.trim()).filter(Boolean);
}

/** The first protocol the client offers that this server speaks (the client's order wins, as in wsstream). */
export function chooseProtocol(offered: readonly string[]): string | undefined {
  return offered.find((p) => SUPPORTED_PROTOCOLS.includes(p));
}

/** One message on one channel. */
export function encodeFrame(channel: number, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const frame = Buffer.allocUnsafe(payload.length + 1);
  frame[0] = channel;
  payload.copy(frame, 1);
  return frame;
}

export type ClientFrame =
  | { kind: 'stdin'; data: Buffer }
  | { kind: 'resize'; width: number; height: number }
  /** v5: the client sends nothing more on this channel. */
  | { kind: 'close'; channel: number }
  /** Nothing to act on: an empty message, or a channel a client does not write. */
  | { kind: 'ignore' }
  /** The client broke the protocol; the connection ends (as wsstream ends it). */
  | { kind: 'invalid'; message: string };

/** What one message from the client means under `protocol`. */
export function decodeClientFrame(message: Buffer, protocol: string): ClientFrame {
  if (message.length === 0) return { kind: 'ignore' };
  const channel = message[0];
  if (channel === CLOSE_SIGNAL && protocol === PROTOCOL_V5) {
    if (message.length !== 2) return { kind: 'invalid', message: `a close signal carries one channel byte, got ${message.length - 1}` };
    if (message[1] > RESIZE_CHANNEL) return { kind: 'invalid', message: `a close signal for channel ${message[1]}, which does not exist` };
    return { kind: 'close', channel: message[1] };
  }
  const data = message.subarray(1);
  if (channel === STDIN_CHANNEL) return data.length > 0 ? { kind: 'stdin', data } : { kind: 'ignore' };
  if (channel === RESIZE_CHANNEL) return parseResize(data);
  return { kind: 'ignore' };
}

/** `{"Width":80,"Height":24}`, as client-go's TerminalSize marshals it (also one line of SPDY's resize stream). */
export function parseResize(data: Buffer): ClientFrame {
  let size: unknown;
  try {
    size = JSON.parse(data.toString('utf8'));
  } catch {
    return { kind: 'invalid', message: 'a resize message is not JSON' };
  }
  const { Width: width, Height: height } = (size ?? {}) as { Width?: unknown; Height?: unknown };
  if (!isDimension(width) || !isDimension(height)) return { kind: 'invalid', message: 'a resize message needs integer Width and Height' };
  return { kind: 'resize', width, height };
}

function isDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

/** The error channel's last word on a command that ended with `exitCode`. */
export function exitStatus(exitCode: number): Status {
  if (exitCode === 0) return { apiVersion: 'v1', kind: 'Status', status: 'Success', message: '', reason: '', code: 0 };
  if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > MAX_EXIT_CODE) {
    return errorStatus(new Error(`error executing command in container: the agent reported no usable exit code (${exitCode})`));
  }
  return {
    apiVersion: 'v1',
    kind: 'Status',
    status: 'Failure',
    // The words kube-apiserver sends; kubectl prints its own from the cause.
    message: `command terminated with non-zero exit code: command terminated with exit code ${exitCode}`,
    reason: NON_ZERO_EXIT_CODE_REASON,
    code: 0,
    details: { causes: [{ reason: EXIT_CODE_CAUSE_TYPE, message: String(exitCode) }] },
  };
}

/** The error channel's last word on an exec that failed (could not start, or the agent's stream broke). */
export function errorStatus(err: unknown): Status {
  return apiErrorOf(err).toStatus();
}

/**
 * The Status as it travels: empty fields left out (Go's omitempty), so a
 * success reads `{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Success"}`.
 */
export function statusJson(status: Status): string {
  const wire: Partial<Status> & { metadata: Record<string, never> } = { apiVersion: status.apiVersion, kind: status.kind, metadata: {}, status: status.status };
  if (status.message) wire.message = status.message;
  if (status.reason) wire.reason = status.reason;
  if (status.code) wire.code = status.code;
  if (status.details) wire.details = status.details;
  return JSON.stringify(wire);
}

/** The Status as the error channel's message. */
export function statusFrame(status: Status): Buffer {
  return encodeFrame(ERROR_CHANNEL, statusJson(status));
}
