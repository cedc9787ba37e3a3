// Writes a set of files into a volume directory so that a reader never sees a
// half-updated set, as the kubelet's AtomicWriter does for configMap, secret
// and downwardAPI volumes:
//
//   <dir>/..2026_03_01_12_00_00.123/<files>   one timestamped directory per version
//   <dir>/..data -> ..2026_03_01_12_00_00.123 swapped by rename(2), which is atomic
//   <dir>/<name> -> ..data/<name>             the names users see, stable across versions
//
// A bind mount of <dir> shows each new version at once; a subPath mount pins a
// file of one version (so, as upstream, subPath mounts do not see updates).
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface PayloadFile {
  data: Buffer;
  mode: number;
}

/** Relative file paths to their contents. */
export type Payload = ReadonlyMap<string, PayloadFile>;

export const DATA_DIR_LINK = '..data';
const DATA_DIR_TMP_LINK = '..data_tmp';
const VERSION_DIR_MODE = 0o755;
const PERMISSION_BITS = 0o777;

function versionPrefix(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `..${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}.`;
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, rel)));
    else files.push(rel);
  }
  return files;
}

/** Whether the current version already holds exactly this payload (contents and modes). */
async function currentMatches(dir: string, payload: Payload): Promise<boolean> {
  const current = join(dir, DATA_DIR_LINK);
  const files = await listFiles(current).catch(() => undefined);
  if (!files || files.length !== payload.size) return false;
  for (const path of files) {
    const want = payload.get(path);
    if (!want) return false;
    const [info, data] = await Promise.all([stat(join(current, path)), readFile(join(current, path))]);
    if ((info.mode & PERMISSION_BITS) !== want.mode || !data.equals(want.data)) return false;
  }
  return true;
}

function topLevelNames(payload: Payload): Set<string> {
  return new Set([...payload.keys()].map((path) => path.split('/')[0]));
}

/** Makes `dir` hold `payload`; answers false when it already did and nothing was written. */
export async function writeAtomically(dir: string, payload: Payload, now: Date = new Date()): Promise<boolean> {
  await mkdir(dir, { recursive: true, mode: VERSION_DIR_MODE });
  if (await currentMatches(dir, payload)) return false;
  const version = await mkdtemp(join(dir, versionPrefix(now)));
  for (const [path, file] of payload) {
    const target = join(version, path);
    await mkdir(dirname(target), { recursive: true, mode: VERSION_DIR_MODE });
    await writeFile(target, file.data);
    // writeFile's mode is filtered by the umask; the volume's modes are exact.
    await chmod(target, file.mode);
  }
  await chmod(version, VERSION_DIR_MODE);
  const tmpLink = join(dir, DATA_DIR_TMP_LINK);
  await rm(tmpLink, { force: true });
  await symlink(version.slice(dir.length + 1), tmpLink);
  await rename(tmpLink, join(dir, DATA_DIR_LINK));
  await syncVisibleNames(dir, topLevelNames(payload));
  await removeOldVersions(dir, version.slice(dir.length + 1));
  return true;
}

/** One `name -> ..data/name` link per top-level name; links of names no longer there go. */
async function syncVisibleNames(dir: string, names: ReadonlySet<string>): Promise<void> {
  for (const name of names) {
    const link = join(dir, name);
    const exists = await lstat(link).then(() => true, () => false);
    if (!exists) await symlink(join(DATA_DIR_LINK, name), link);
  }
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith('..') && !names.has(entry)) await rm(join(dir, entry), { force: true, recursive: true });
  }
}

async function removeOldVersions(dir: string, keep: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') && entry !== keep && entry !== DATA_DIR_LINK) await rm(join(dir, entry), { force: true, recursive: true });
  }
}
