// Setting the hostname inside one container. A container joined to a pool
// sandbox's network gets its own UTS namespace, named after the pool sandbox;
// the pod's name has to be written into that namespace before the app runs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import type { BusyboxPaths } from './runtime-types.js';

const run = promisify(execFile);

/** nsenter, busybox's hostname and a Docker exec each finish in well under this. */
export const SET_HOSTNAME_TIMEOUT_MS = 5_000;
const NSENTER = 'nsenter';
/** How often a detached exec is asked whether it finished. */
const EXEC_POLL_MS = 20;

/** The hostname could not be set in the container: its entry shim will give up and the container fails. */
export class HostnameError extends Error {
  constructor(readonly containerId: string, message: string) {
    super(`cannot set the hostname of container ${containerId.slice(0, 12)}: ${message}`);
    this.name = 'HostnameError';
  }
}

/**
 * Enters only the container's UTS namespace (the agent runs beside the engine,
 * as root) and runs the host's static busybox there: no Docker exec round trip.
 * Where the agent may not enter namespaces, a privileged Docker exec does the
 * same from inside (it needs an engine that grants every capability).
 */
export async function setUtsHostname(docker: Docker, id: string, hostname: string, busybox: BusyboxPaths): Promise<void> {
  const container = docker.getContainer(id);
  const pid = (await container.inspect()).State.Pid;
  if (!pid) throw new HostnameError(id, 'it is not running');
  try {
    await run(NSENTER, ['-t', String(pid), '-u', '--', busybox.hostPath, 'hostname', hostname], { timeout: SET_HOSTNAME_TIMEOUT_MS });
    return;
  } catch (nsenterErr) {
    try {
      await privilegedExec(container, [busybox.containerPath, 'hostname', hostname]);
    } catch (execErr) {
      const why = (err: unknown): string => (err instanceof Error ? err.message : String(err)).trim();
      throw new HostnameError(id, `nsenter: ${why(nsenterErr)}; privileged exec: ${why(execErr)}`);
    }
  }
}

async function privilegedExec(container: Docker.Container, cmd: string[]): Promise<void> {
  const exec = await container.exec({ Cmd: cmd, Privileged: true, User: '0', AttachStdout: false, AttachStderr: false });
  await exec.start({ Detach: true });
  const deadline = Date.now() + SET_HOSTNAME_TIMEOUT_MS;
  for (;;) {
    const info = await exec.inspect();
    if (!info.Running) {
      if (info.ExitCode !== 0) throw new Error(`exit code ${info.ExitCode}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`still running after ${SET_HOSTNAME_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, EXEC_POLL_MS));
  }
}
