// exec (a new process in a running container) and attach (the container's
// main process), both straight from Docker: a hijacked connection carries
// stdin one way and stdout/stderr the other (multiplexed unless a TTY), and
// the call ends with the exit code (attach: 0 once the process's streams end,
// as the kubelet reports a finished attach as success).
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { badRequest } from '../../api/errors.js';
import type { ExecOutput, ExecRequest__Output, ExecStart } from '../../client/agent-streaming-definition.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { failCall, firstMessage } from './call-errors.js';
import { runningInstance, type PodLookup } from './container-instance.js';

type ExecCall = grpc.ServerDuplexStream<ExecRequest__Output, ExecOutput>;

/** What a Docker exec or attach gives the relay. */
interface DockerStream {
  stream: Duplex;
  tty: boolean;
  stdin: boolean;
  /**
   * Whether the client's end of stdin may half-close Docker's connection.
   * Docker keeps the output flowing after that only where it closes the
   * process's stdin (exec without a TTY, attach to a StdinOnce container
   * without one); anywhere else it would cut the output, so the end is kept
   * to this side.
   */
  halfClose: boolean;
  resize(width: number, height: number): Promise<unknown>;
  exitCode(): Promise<number>;
}

/** Copies between the call and Docker's stream until the process's output ends; then the exit code. */
async function relay(call: ExecCall, runtime: DockerRuntime, docker: DockerStream): Promise<void> {
  const { stream } = docker;
  call.on('data', (msg: ExecRequest__Output) => {
    if (msg.stdin && msg.stdin.length > 0 && docker.stdin) stream.write(msg.stdin);
    // Half-closes the hijacked connection: Docker then closes the process's stdin.
    if (msg.stdinClose && docker.halfClose) stream.end();
    if (msg.resize && docker.tty) void docker.resize(msg.resize.width, msg.resize.height).catch(() => undefined);
  });
  call.on('cancelled', () => stream.destroy());
  call.resume();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => call.write({ stdout: chunk }));
  stderr.on('data', (chunk: Buffer) => call.write({ stderr: chunk }));
  if (docker.tty) stream.pipe(stdout);
  else runtime.docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', resolve);
  });
  if (call.cancelled) return;
  call.write({ exited: true, exitCode: await docker.exitCode() });
  call.end();
}

async function startExec(runtime: DockerRuntime, lookup: PodLookup, start: ExecStart): Promise<DockerStream> {
  if (!start.command || start.command.length === 0) throw badRequest('the first exec message must name a command');
  const instance = await runningInstance(runtime, lookup, start.namespace ?? '', start.name ?? '', start.container ?? undefined);
  const stdin = start.stdin === true;
  const tty = start.tty === true;
  const exec = await runtime.docker.getContainer(instance.id).exec({ Cmd: start.command, AttachStdin: stdin, AttachStdout: true, AttachStderr: true, Tty: tty });
  const stream = (await exec.start({ hijack: true, stdin, Tty: tty })) as Duplex;
  return {
    stream,
    tty,
    stdin,
    halfClose: !tty,
    resize: (w, h) => exec.resize({ w, h }),
    exitCode: async () => (await exec.inspect()).ExitCode ?? -1,
  };
}

async function startAttach(runtime: DockerRuntime, lookup: PodLookup, start: ExecStart): Promise<DockerStream> {
  const instance = await runningInstance(runtime, lookup, start.namespace ?? '', start.name ?? '', start.container ?? undefined);
  const container = runtime.docker.getContainer(instance.id);
  const config = (await container.inspect()).Config;
  // The container decides: stdin only when it was created with an open stdin, and its own TTY.
  const stdin = start.stdin === true && config.OpenStdin === true;
  const tty = config.Tty === true;
  const stream = (await container.attach({ stream: true, stdin, stdout: true, stderr: true, hijack: true })) as Duplex;
  const halfClose = config.StdinOnce === true && !tty;
  return { stream, tty, stdin, halfClose, resize: (w, h) => container.resize({ w, h }), exitCode: async () => 0 };
}

type Starter = (runtime: DockerRuntime, lookup: PodLookup, start: ExecStart) => Promise<DockerStream>;

function serve(what: string, starter: Starter) {
  return async (call: ExecCall, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<void> => {
    const first = await firstMessage(call);
    if (!first) return;
    try {
      if (!first.start) throw badRequest(`the first ${what} message must carry its start`);
      const docker = await starter(runtime, lookup, first.start);
      if (call.cancelled) {
        docker.stream.destroy();
        return;
      }
      await relay(call, runtime, docker);
    } catch (err) {
      logger.debug({ err: (err as Error).message }, `${what} request failed`);
      failCall(call, err);
    }
  };
}

export const serveExec = serve('exec', startExec);
export const serveAttach = serve('attach', startAttach);
