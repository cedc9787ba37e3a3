// Runs one probe or hook action (exec, httpGet, tcpSocket) against a running
// container. The agent reaches the pod at its IP (the host routes to its
// Docker network), or on the host for hostNetwork pods.
import { connect } from 'node:net';
import type { Container, Handler, IntOrString } from '../../api/types/index.js';
import type { ContainerRuntime } from '../runtime/runtime-types.js';
import { httpGet, HttpGetTimeoutError } from './http-get.js';

export interface ActionTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  /** Where httpGet and tcpSocket connect when the action names no host. */
  host: string;
}

export interface ActionResult {
  ok: boolean;
  /** Why it failed, in the words Kubernetes puts in Unhealthy events. */
  message: string;
}

const HTTP_SUCCESS_MIN = 200;
const HTTP_SUCCESS_MAX = 399;
const PROBE_USER_AGENT = 'kube-probe/1.32';
const MAX_BODY_IN_MESSAGE = 200;

/** A named port is looked up among the container's ports. */
export function resolvePort(container: Container, port: IntOrString): number {
  if (typeof port === 'number') return port;
  const numeric = Number.parseInt(port, 10);
  if (String(numeric) === port) return numeric;
  const named = (container.ports ?? []).find((p) => p.name === port);
  if (!named) throw new Error(`port "${port}" is not a named port of container "${container.name}"`);
  return named.containerPort;
}

async function runExec(target: ActionTarget, command: string[], timeoutMs: number): Promise<ActionResult> {
  const result = await target.runtime.exec(target.containerId, command, timeoutMs);
  if (result.timedOut) return { ok: false, message: `command ${JSON.stringify(command)} timed out` };
  if (result.exitCode === 0) return { ok: true, message: result.output };
  const output = result.output.trim();
  return { ok: false, message: output ? output : `command ${JSON.stringify(command)} exited with ${result.exitCode}` };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function runHttpGet(target: ActionTarget, action: NonNullable<Handler['httpGet']>, timeoutMs: number): Promise<ActionResult> {
  const port = resolvePort(target.container, action.port);
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  const path = action.path ?? '/';
  const url = `${scheme}://${hostForUrl(action.host || target.host)}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const headers: Record<string, string> = { 'user-agent': PROBE_USER_AGENT, accept: '*/*' };
  for (const h of action.httpHeaders ?? []) headers[h.name.toLowerCase()] = h.value;
  try {
    const res = await httpGet(url, headers, timeoutMs, MAX_BODY_IN_MESSAGE);
    if (res.status >= HTTP_SUCCESS_MIN && res.status <= HTTP_SUCCESS_MAX) return { ok: true, message: '' };
    return { ok: false, message: `HTTP probe failed with statuscode: ${res.status}${res.body ? ` ${res.body}` : ''}` };
  } catch (err) {
    const timedOut = err instanceof HttpGetTimeoutError;
    const reason = timedOut ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' : (err as Error).message;
    return { ok: false, message: `Get "${url}": ${reason}` };
  }
}

function runTcp(target: ActionTarget, action: NonNullable<Handler['tcpSocket']>, timeoutMs: number): Promise<ActionResult> {
  const port = resolvePort(target.container, action.port);
  const host = action.host || target.host;
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: ActionResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }));
    socket.once('connect', () => done({ ok: true, message: '' }));
    socket.once('error', (err) => done({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

export async function runAction(target: ActionTarget, action: Handler, timeoutMs: number): Promise<ActionResult> {
  try {
    if (action.exec) return await runExec(target, action.exec.command ?? [], timeoutMs);
    if (action.httpGet) return await runHttpGet(target, action.httpGet, timeoutMs);
    if (action.tcpSocket) return await runTcp(target, action.tcpSocket, timeoutMs);
    return { ok: false, message: 'the handler names no action (exec, httpGet or tcpSocket)' };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
