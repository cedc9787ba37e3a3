// Volumes of one pod: hostPath (with its type checks), persistentVolumeClaim
// (the bound volume's directory, bind-mounted like a hostPath), emptyDir (a directory
// per pod under the state dir, a tmpfs for medium Memory), configMap, secret,
// downwardAPI and projected (files written atomically into a directory per
// pod, kept up to date, always mounted read-only), and the mounts each container gets,
// with readOnly and subPath.
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, lstat, mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Container, Pod, Volume } from '../../api/types/index.js';
import type { RuntimeMount } from '../runtime/runtime-types.js';
import { apiDataPayload, isApiDataVolume, PayloadError } from './api-data-volumes.js';
import { writeAtomically } from './atomic-writer.js';
import { ClaimMountError, resolveClaimSource, type ClaimReader } from './claim-volumes.js';
import type { ConfigReader } from './config-objects.js';

/** Everything volumes are read from: ConfigMaps and Secrets, claims and their volumes. */
export type VolumeSourceReader = ConfigReader & ClaimReader;

const run = promisify(execFile);
const DIRECTORY_MODE = 0o755;
const EMPTY_DIR_MODE = 0o777;

/** A volume that could not be set up; its message is the FailedMount event's. */
export class VolumeError extends Error {
  constructor(readonly volume: string, message: string) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${message}`);
  }
}

export function podDir(stateDir: string, podUid: string): string {
  return join(stateDir, 'pods', podUid);
}

function emptyDirPath(stateDir: string, podUid: string, volume: string): string {
  return join(podDir(stateDir, podUid), 'volumes', 'empty-dir', volume);
}

function apiDataPath(stateDir: string, podUid: string, volume: Volume): string {
  const kind = volume.configMap ? 'configmap' : volume.secret ? 'secret' : volume.projected ? 'projected' : 'downward-api';
  return join(podDir(stateDir, podUid), 'volumes', kind, volume.name);
}

/** Writes the volume's current files; answers its directory and whether anything changed. */
async function syncApiDataVolume(stateDir: string, pod: Pod, volume: Volume, reader: ConfigReader): Promise<{ path: string; changed: boolean }> {
  const path = apiDataPath(stateDir, pod.metadata.uid ?? '', volume);
  try {
    const changed = await writeAtomically(path, await apiDataPayload(pod, volume, reader));
    return { path, changed };
  } catch (err) {
    if (err instanceof PayloadError) throw new VolumeError(volume.name, err.message);
    throw err;
  }
}

/**
 * Rewrites the pod's configMap, secret, downwardAPI and projected volumes from their
 * sources (each only when its files changed); answers the names of the volumes
 * that changed and the errors of those that could not be read (their old files stay).
 */
export async function refreshApiDataVolumes(stateDir: string, pod: Pod, reader: ConfigReader): Promise<{ changed: string[]; errors: VolumeError[] }> {
  const changed: string[] = [];
  const errors: VolumeError[] = [];
  for (const volume of (pod.spec.volumes ?? []).filter(isApiDataVolume)) {
    try {
      if ((await syncApiDataVolume(stateDir, pod, volume, reader)).changed) changed.push(volume.name);
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      errors.push(err);
    }
  }
  return { changed, errors };
}

async function isMountPoint(path: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[1] === path);
}

async function checkHostPath(volume: string, path: string, type: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  const fail = (what: string): never => {
    throw new VolumeError(volume, `hostPath type check failed: ${path} ${what}`);
  };
  switch (type) {
    case 'DirectoryOrCreate':
      if (!info) await mkdir(path, { recursive: true, mode: DIRECTORY_MODE });
      else if (!info.isDirectory()) fail('is not a directory');
      return;
    case 'Directory':
      if (!info?.isDirectory()) fail('is not a directory');
      return;
    case 'FileOrCreate':
      if (!info) await writeFile(path, '', { flag: 'a' }).catch((err: Error) => fail(`could not be created: ${err.message}`));
      else if (!info.isFile()) fail('is not a file');
      return;
    case 'File':
      if (!info?.isFile()) fail('is not a file');
      return;
    case 'Socket':
      if (!info?.isSocket()) fail('is not a socket file');
      return;
    case 'CharDevice':
      if (!info?.isCharacterDevice()) fail('is not a character device');
      return;
    case 'BlockDevice':
      if (!info?.isBlockDevice()) fail('is not a block device');
      return;
    default:
      // No checks, as Kubernetes says; Docker's own bind mounts used to create
      // a missing directory, and users of the Docker shim relied on that.
      if (!info) await mkdir(path, { recursive: true, mode: DIRECTORY_MODE });
  }
}

async function setUpEmptyDir(stateDir: string, podUid: string, volume: Volume): Promise<string> {
  const path = emptyDirPath(stateDir, podUid, volume.name);
  await mkdir(path, { recursive: true });
  if (volume.emptyDir?.medium === 'Memory' && !(await isMountPoint(path))) {
    const size = volume.emptyDir.sizeLimit ? [`-o`, `size=${volume.emptyDir.sizeLimit.replace(/i$/, '')}`] : [];
    await run('mount', ['-t', 'tmpfs', ...size, 'tmpfs', path]).catch((err: Error) => {
      throw new VolumeError(volume.name, `mount tmpfs: ${err.message}`);
    });
  }
  // Containers may run as any user; an emptyDir is writable by all, as in Kubernetes.
  await chmod(path, EMPTY_DIR_MODE);
  return path;
}

async function setUpClaim(pod: Pod, volume: Volume, reader: ClaimReader): Promise<string> {
  try {
    const source = await resolveClaimSource(pod, volume, reader);
    const path = normalize(source.path);
    if (!isAbsolute(path)) throw new ClaimMountError(`the volume's path ${source.path} is not absolute`);
    await checkHostPath(volume.name, path, source.hostPathType ?? 'Directory');
    return path;
  } catch (err) {
    if (err instanceof ClaimMountError) throw new VolumeError(volume.name, err.message);
    throw err;
  }
}

/** Sets up every volume of the pod; answers the host path of each by name. */
export async function setUpVolumes(stateDir: string, pod: Pod, reader: VolumeSourceReader): Promise<Map<string, string>> {
  const podUid = pod.metadata.uid ?? '';
  const paths = new Map<string, string>();
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.hostPath) {
      const path = normalize(volume.hostPath.path);
      if (!isAbsolute(path)) throw new VolumeError(volume.name, `hostPath ${volume.hostPath.path} is not absolute`);
      await checkHostPath(volume.name, path, volume.hostPath.type ?? '');
      paths.set(volume.name, path);
    } else if (volume.persistentVolumeClaim) {
      paths.set(volume.name, await setUpClaim(pod, volume, reader));
    } else if (volume.emptyDir) {
      paths.set(volume.name, await setUpEmptyDir(stateDir, podUid, volume));
    } else if (isApiDataVolume(volume)) {
      paths.set(volume.name, (await syncApiDataVolume(stateDir, pod, volume, reader)).path);
    } else {
      const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
      throw new VolumeError(volume.name, `volume type ${kind} is not supported by this agent`);
    }
  }
  return paths;
}

/** A subPath must stay inside its volume. */
function subPathSource(volume: string, base: string, subPath: string): string {
  const target = resolve(base, subPath);
  if (isAbsolute(subPath) || subPath.split('/').includes('..') || (target !== base && !target.startsWith(base + sep))) {
    throw new VolumeError(volume, `subPath "${subPath}" must be a relative path inside the volume`);
  }
  return target;
}

/**
 * A subPath that is a symlink (every file of an API data volume is one) is
 * mounted as what it points to now, which must stay inside the volume.
 */
async function resolveSubPathLink(volume: string, base: string, source: string): Promise<string> {
  const info = await lstat(source).catch(() => undefined);
  if (!info?.isSymbolicLink()) return source;
  const [target, realBase] = await Promise.all([realpath(source), realpath(base)]);
  if (target !== realBase && !target.startsWith(realBase + sep)) throw new VolumeError(volume, `subPath "${source}" points outside the volume`);
  return target;
}

/**
 * The bind mounts for one container; subPath directories are created on
 * demand. Volumes named in `readOnlyVolumes` (configMap, secret, downwardAPI)
 * are mounted read-only whatever the mount says, as the kubelet does.
 */
export async function containerMounts(container: Container, volumePaths: ReadonlyMap<string, string>, readOnlyVolumes: ReadonlySet<string> = new Set()): Promise<RuntimeMount[]> {
  const mounts: RuntimeMount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const base = volumePaths.get(mount.name);
    if (base === undefined) throw new VolumeError(mount.name, `container "${container.name}" mounts a volume the pod does not declare`);
    let source = base;
    if (mount.subPath) {
      source = await resolveSubPathLink(mount.name, base, subPathSource(mount.name, base, mount.subPath));
      const exists = await access(source, fsConstants.F_OK).then(() => true, () => false);
      if (!exists) await mkdir(source, { recursive: true, mode: EMPTY_DIR_MODE });
    }
    mounts.push({ source, target: mount.mountPath, readOnly: mount.readOnly === true || readOnlyVolumes.has(mount.name) });
  }
  return mounts;
}

/** Removes the pod's directory, unmounting tmpfs emptyDirs first. */
export async function tearDownPodDir(stateDir: string, podUid: string): Promise<void> {
  const dir = podDir(stateDir, podUid);
  const emptyDirs = join(dir, 'volumes', 'empty-dir');
  const mounts = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  for (const line of mounts.split('\n')) {
    const mountPoint = line.split(' ')[1];
    if (mountPoint && mountPoint.startsWith(emptyDirs + sep)) await run('umount', [mountPoint]).catch(() => undefined);
  }
  await rm(dir, { recursive: true, force: true });
}
