// One forwarded connection: a TCP connection from this node to the pod's IP
// (the sandbox's address on the node's bridge; the agent runs on the host, so
// it reaches it) and the port, copied both ways over the call. A refused or
// failed connection is the call's error, worded as the kubelet words it, so
// the client's error stream says why instead of hanging.
import { connect, type Socket } from 'node:net';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ApiError, badRequest } from '../../api/errors.js';
import type { Pod } from '../../api/types/index.js';
import type { PortForwardOutput, PortForwardRequest__Output } from '../../client/agent-streaming-definition.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { failCall, firstMessage } from './call-errors.js';
import { podOf, type PodLookup } from './container-instance.js';

type PortForwardCall = grpc.ServerDuplexStream<PortForwardRequest__Output, PortForwardOutput>;

const MAX_PORT = 65_535;
/** A pod that shares the host's network is reached on the host's loopback. */
const HOST_NETWORK_ADDRESS = '127.0.0.1';
/** How long a connection to the pod may take before it counts as failed (a silent drop, not a refusal). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The pod's IP as Docker has it: the sandbox's address, which owns the pod's network namespace. */
export async function podAddress(runtime: DockerRuntime, pod: Pod): Promise<string> {
  if (pod.spec.hostNetwork) return HOST_NETWORK_ADDRESS;
  const sandbox = (await runtime.podContainers(pod.metadata.uid ?? '')).find((c) => c.kind === 'sandbox' && c.state === 'running');
  const address = sandbox ? Object.values(sandbox.addresses).find(Boolean) : undefined;
  if (!address) throw badRequest(`pod ${pod.metadata.name} has no running sandbox with an IP address`);
  return address;
}

function forwardingError(pod: Pod, port: number, detail: string): ApiError {
  return new ApiError('InternalError', `error forwarding port ${port} to pod ${pod.metadata.name}, uid ${pod.metadata.uid ?? ''}: ${detail}`);
}

/** Resolves with the connected socket, or rejects with the kubelet's words for why not. */
function dial(pod: Pod, address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, timeout: CONNECT_TIMEOUT_MS });
    const refuse = (detail: string): void => {
      socket.destroy();
      reject(forwardingError(pod, port, `dial tcp4 ${address}:${port}: ${detail}`));
    };
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('timeout', () => refuse('i/o timeout'));
    socket.once('error', (err: NodeJS.ErrnoException) => refuse(err.code === 'ECONNREFUSED' ? 'connect: connection refused' : `connect: ${err.message}`));
  });
}

/** Copies until the pod's side closes (or either side fails), with backpressure on the pod's bytes. */
function relay(call: PortForwardCall, socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      if (call.cancelled) {
        resolve();
        return;
      }
      if (err) failCall(call, err);
      else call.end();
      resolve();
    };
    call.write({ connected: true });
    socket.on('data', (chunk: Buffer) => {
      if (!call.write({ data: chunk })) socket.pause();
    });
    call.on('drain', () => socket.resume());
    call.on('data', (msg: PortForwardRequest__Output) => {
      if (msg.data && msg.data.length > 0 && socket.writable) socket.write(msg.data);
      if (msg.close) socket.end();
    });
    call.on('cancelled', () => {
      socket.destroy();
      finish();
    });
    call.on('error', () => socket.destroy());
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish());
    call.resume();
  });
}

export async function servePortForward(call: PortForwardCall, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<void> {
  const first = await firstMessage(call);
  if (!first) return;
  try {
    const start = first.start;
    if (!start) throw badRequest('the first port-forward message must name the pod and port');
    if (!Number.isInteger(start.port) || start.port < 1 || start.port > MAX_PORT) throw badRequest(`invalid port ${start.port}: must be between 1 and ${MAX_PORT}`);
    const pod = podOf(lookup, start.namespace, start.name);
    const socket = await dial(pod, await podAddress(runtime, pod), start.port);
    if (call.cancelled) {
      socket.destroy();
      return;
    }
    await relay(call, socket);
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'port-forward request failed');
    if (!call.cancelled) failCall(call, err);
  }
}
