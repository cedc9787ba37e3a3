// Query parameters of the log and exec subresources, read as the Kubernetes
// apiserver reads them (PodLogOptions, PodExecOptions) and checked with its
// messages, so a client sees the same answers as from a real cluster.
import { badRequest, invalid, type FieldError } from '../../../api/errors.js';
import type { ExecStart, LogsRequest } from '../../../client/streaming-messages.js';

/** Words Kubernetes' query conversion reads as false; anything else present (even empty) is true. */
const FALSE_WORDS = new Set(['0', 'f', 'false', 'n', 'no']);

/** A boolean query parameter, as apimachinery converts one: absent is false. */
export function queryBool(params: URLSearchParams, key: string): boolean {
  const value = params.get(key);
  if (value === null) return false;
  return !FALSE_WORDS.has(value.toLowerCase());
}

/** An integer query parameter, or undefined when absent; anything else than an integer is a BadRequest. */
export function queryInt(params: URLSearchParams, key: string): number | undefined {
  const value = params.get(key);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badRequest(`${key}: invalid value "${value}": must be an integer`);
  }
  return Number(value);
}

const NEGATIVE = 'must be greater than or equal to 0';
const NOT_POSITIVE = 'must be greater than 0';

/** What the log subresource asks of the agent, and what the apiserver applies itself. */
export interface LogQuery {
  request: LogsRequest;
  /** Stop after this many bytes (applied while relaying: the agent's API has no such field). */
  limitBytes?: number;
}

/** Seconds from an RFC 3339 sinceTime to now, rounded up so the instant itself is included; at least 1. */
function secondsSince(sinceTime: string, now: number): number {
  const at = Date.parse(sinceTime);
  if (!/^\d{4}-\d\d-\d\dT/.test(sinceTime) || Number.isNaN(at)) throw badRequest(`sinceTime: invalid value "${sinceTime}": must be an RFC 3339 time`);
  return Math.max(1, Math.ceil((now - at) / 1000));
}

/** PodLogOptions from the query, validated as kube-apiserver validates them (422 Invalid). */
export function parseLogQuery(params: URLSearchParams, namespace: string, name: string, now = Date.now()): LogQuery {
  const tailLines = queryInt(params, 'tailLines');
  const limitBytes = queryInt(params, 'limitBytes');
  const sinceSeconds = queryInt(params, 'sinceSeconds');
  const sinceTime = params.get('sinceTime');
  const errors: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) errors.push({ field: 'tailLines', type: 'Invalid', value: tailLines, detail: NEGATIVE });
  if (limitBytes !== undefined && limitBytes < 1) errors.push({ field: 'limitBytes', type: 'Invalid', value: limitBytes, detail: NOT_POSITIVE });
  if (sinceSeconds !== undefined && sinceTime !== null) {
    errors.push({ field: '', type: 'Forbidden', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    errors.push({ field: 'sinceSeconds', type: 'Invalid', value: sinceSeconds, detail: NOT_POSITIVE });
  }
  if (errors.length > 0) throw invalid('PodLogOptions', '', name, errors);
  const request: LogsRequest = {
    namespace,
    name,
    container: params.get('container') ?? '',
    follow: queryBool(params, 'follow'),
    previous: queryBool(params, 'previous'),
    timestamps: queryBool(params, 'timestamps'),
  };
  if (tailLines !== undefined) {
    request.tailLines = tailLines;
    request.hasTailLines = true;
  }
  if (sinceSeconds !== undefined) request.sinceSeconds = sinceSeconds;
  else if (sinceTime !== null) request.sinceSeconds = secondsSince(sinceTime, now);
  return limitBytes === undefined ? { request } : { request, limitBytes };
}

/** Which streams an exec or attach carries. */
export interface ExecQuery {
  start: ExecStart;
  stdin: boolean;
  stdout: boolean;
  /** False with a TTY: the terminal merges stderr into stdout, as the kubelet does. */
  stderr: boolean;
  tty: boolean;
}

/** PodExecOptions from the query, with the kubelet's checks of the stream choice. */
export function parseExecQuery(params: URLSearchParams, namespace: string, name: string): ExecQuery {
  const stdin = queryBool(params, 'stdin');
  const stdout = queryBool(params, 'stdout');
  const tty = queryBool(params, 'tty');
  const stderr = queryBool(params, 'stderr') && !tty;
  if (!stdin && !stdout && !queryBool(params, 'stderr')) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const command = params.getAll('command');
  return {
    start: { namespace, name, container: params.get('container') ?? '', command, stdin, tty },
    stdin,
    stdout,
    stderr,
    tty,
  };
}
