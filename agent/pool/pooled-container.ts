// What changes for a container whose pod sits in a pooled sandbox: it starts
// through the hostname shim (with the command it would have run resolved from
// the image), and it gets the pod's /etc/hostname, which a fresh sandbox would
// have given it through Docker.
import type { Pod } from '../../api/types/index.js';
import { podHostname } from '../runtime/container-spec.js';
import type { BusyboxPaths, ContainerRuntime, RuntimeMount } from '../runtime/runtime-types.js';
import { resolveArgv, shimEntrypoint, shimMount } from './hostname-shim.js';

export const ETC_HOSTNAME = '/etc/hostname';

/** A container that cannot be launched in its pooled sandbox; the message says why. */
export class PooledLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PooledLaunchError';
  }
}

export interface PooledLaunchInput {
  runtime: ContainerRuntime;
  shim: BusyboxPaths | undefined;
  pod: Pod;
  containerName: string;
  image: string;
  command: string[] | undefined;
  args: string[] | undefined;
  /** The pod's hostname file on the host. */
  hostnameFile: string;
}

export interface PooledLaunch {
  /** The entrypoint: the shim, then the command the container would have run. */
  command: string[];
  mounts: RuntimeMount[];
}

export async function pooledLaunch(input: PooledLaunchInput): Promise<PooledLaunch> {
  const who = `container "${input.containerName}" of pod "${input.pod.metadata.name}"`;
  if (!input.shim) throw new PooledLaunchError(`${who} is in a pooled sandbox, but this host has no static busybox to set its hostname`);
  const image = await input.runtime.imageCommand(input.image);
  if (!image) throw new PooledLaunchError(`${who}: image "${input.image}" is not present to read its ENTRYPOINT and CMD`);
  const argv = resolveArgv(image, input.command, input.args);
  if (argv.length === 0) throw new PooledLaunchError(`${who}: no command specified (neither the pod nor image "${input.image}" gives one)`);
  return {
    command: shimEntrypoint(podHostname(input.pod), argv, input.shim),
    mounts: [shimMount(input.shim), { source: input.hostnameFile, target: ETC_HOSTNAME, readOnly: false }],
  };
}
