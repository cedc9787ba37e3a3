// Serves logs and exec for the pods of this node over gRPC, straight from
// Docker. Errors travel as ApiError statuses, as on the apiserver.
import type { Duplex, Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ApiError, badRequest, notFound } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Pod } from '../../api/types/index.js';
import { toServiceError } from '../../client/grpc-status.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import {
  agentStreamingService,
  type AgentStreamingHandlers,
  type ExecOutput,
  type ExecRequest__Output,
  type LogChunk,
  type LogsRequest__Output,
} from '../../client/agent-streaming-definition.js';

export interface StreamingServer {
  port: number;
  close(): Promise<void>;
}

export interface PodLookup {
  findPod(namespace: string, name: string): Pod | undefined;
}

/** Bound on how long a graceful server shutdown may take before streams are cut. */
const SHUTDOWN_GRACE_MS = 2_000;

function pickContainerName(pod: Pod, requested: string | undefined): string {
  const names = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!names.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  if (pod.spec.containers.length === 1) return pod.spec.containers[0].name;
  throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
}

async function findInstance(runtime: DockerRuntime, lookup: PodLookup, ns: string, podName: string, container: string | undefined, previous: boolean): Promise<RuntimeContainer> {
  const pod = lookup.findPod(ns, podName);
  if (!pod) throw notFound(resources.pods.plural, podName);
  const name = pickContainerName(pod, container);
  const instances = (await runtime.podContainers(pod.metadata.uid ?? ''))
    .filter((c) => c.containerName === name && c.kind !== 'sandbox')
    .sort((a, b) => b.restartCount - a.restartCount);
  const instance = previous ? instances[1] : instances[0];
  if (!instance) {
    const what = previous ? 'previous terminated container' : 'container';
    throw badRequest(`${what} "${name}" in pod "${podName}" not found`);
  }
  return instance;
}

interface ErrorSink {
  emit(event: 'error', status: Partial<grpc.StatusObject>): boolean;
}

function fail(call: ErrorSink, err: unknown): void {
  const status = toServiceError(err instanceof Error && !(err instanceof ApiError) ? new ApiError('InternalError', err.message) : err);
  call.emit('error', status);
}

export async function startStreamingServer(port: number, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<StreamingServer> {
  const server = new grpc.Server();
  const handlers: AgentStreamingHandlers = {
    Logs: (call) => void serveLogs(call, runtime, lookup, logger),
    Exec: (call) => void serveExec(call, runtime, lookup, logger),
  };
  server.addService(agentStreamingService().service, handlers);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`0.0.0.0:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

async function serveLogs(call: grpc.ServerWritableStream<LogsRequest__Output, LogChunk>, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<void> {
  const req = call.request;
  let source: Readable | undefined;
  try {
    const instance = await findInstance(runtime, lookup, req.namespace, req.name, req.container, req.previous === true);
    const tty = await runtime.docker.getContainer(instance.id).inspect().then((i) => i.Config.Tty === true);
    source = await runtime.logs(instance.id, {
      follow: req.follow === true && instance.state === 'running' && !req.previous,
      tail: req.hasTailLines ? req.tailLines : undefined,
      timestamps: req.timestamps === true,
      sinceSeconds: req.sinceSeconds || undefined,
    });
    const out = new PassThrough();
    if (tty) source.pipe(out);
    else runtime.docker.modem.demuxStream(source, out, out);
    call.on('cancelled', () => source?.destroy());
    out.on('data', (data: Buffer) => call.write({ data }));
    await new Promise<void>((resolve) => {
      source?.once('end', resolve);
      source?.once('close', resolve);
      source?.once('error', resolve);
    });
    call.end();
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'logs request failed');
    source?.destroy();
    fail(call, err);
  }
}

async function serveExec(call: grpc.ServerDuplexStream<ExecRequest__Output, ExecOutput>, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<void> {
  const first = await new Promise<ExecRequest__Output | undefined>((resolve) => {
    call.once('data', (msg: ExecRequest__Output) => {
      // Hold stdin that arrives while the exec is being set up.
      call.pause();
      resolve(msg);
    });
    call.once('end', () => resolve(undefined));
  });
  try {
    const start = first?.start;
    if (!start || start.command.length === 0) throw badRequest('the first exec message must name a command');
    const instance = await findInstance(runtime, lookup, start.namespace, start.name, start.container, false);
    if (instance.state !== 'running') throw badRequest(`container ${instance.containerName} is not running`);
    const exec = await runtime.docker.getContainer(instance.id).exec({
      Cmd: start.command,
      AttachStdin: start.stdin === true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: start.tty === true,
    });
    const stream = (await exec.start({ hijack: true, stdin: start.stdin === true, Tty: start.tty === true })) as Duplex;
    call.on('data', (msg: ExecRequest__Output) => {
      if (msg.stdin && msg.stdin.length > 0) stream.write(msg.stdin);
      if (msg.stdinClose) stream.end();
      if (msg.resize) void exec.resize({ w: msg.resize.width, h: msg.resize.height }).catch(() => undefined);
    });
    call.on('cancelled', () => stream.destroy());
    call.resume();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (chunk: Buffer) => call.write({ stdout: chunk }));
    stderr.on('data', (chunk: Buffer) => call.write({ stderr: chunk }));
    if (start.tty) stream.pipe(stdout);
    else runtime.docker.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', resolve);
    });
    const info = await exec.inspect();
    call.write({ exited: true, exitCode: info.ExitCode ?? -1 });
    call.end();
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'exec request failed');
    fail(call, err);
  }
}
