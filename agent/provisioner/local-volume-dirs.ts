// The provisioner's directories: `<base>/<volume name>`, created world-writable
// (as local-path does, so a container of any user can write its volume) and
// removed only when the path is exactly one level under the base.
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { dns1123SubdomainErrors } from '../../api/validation/names.js';

/** rwx for everyone: pods run as arbitrary users. */
const VOLUME_DIR_MODE = 0o777;

export class UnsafeVolumePathError extends Error {
  constructor(name: string, base: string) {
    super(`refusing volume directory for "${name}": it must be a DNS subdomain name directly under ${base}`);
    this.name = 'UnsafeVolumePathError';
  }
}

/** `<base>/<name>`, or an error when the name could lead anywhere else. */
export function volumeDirectory(base: string, name: string): string {
  const root = resolve(base);
  if (dns1123SubdomainErrors(name).length > 0) throw new UnsafeVolumePathError(name, root);
  const dir = join(root, name);
  if (dirname(dir) !== root) throw new UnsafeVolumePathError(name, root);
  return dir;
}

export interface VolumeDirs {
  /** The directory of this volume name (checked), without touching the disk. */
  pathOf(name: string): string;
  create(name: string): Promise<string>;
  remove(name: string): Promise<void>;
}

export function localVolumeDirs(base: string): VolumeDirs {
  return {
    pathOf: (name) => volumeDirectory(base, name),
    async create(name) {
      const dir = volumeDirectory(base, name);
      await mkdir(dir, { recursive: true });
      // mkdir's mode passes through the umask; chmod does not.
      await chmod(dir, VOLUME_DIR_MODE);
      return dir;
    },
    async remove(name) {
      // rm removes a symlink itself, never what it points at.
      await rm(volumeDirectory(base, name), { recursive: true, force: true });
    },
  };
}
