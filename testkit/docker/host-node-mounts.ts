// Runs this host's `node` inside a busybox pod without building an image: the
// binary, the folders of the libraries ldd says it loads (and the loader's), and
// the repository's node_modules are hostPath volumes mounted read-only at their
// own paths, so the pod can run a script that imports the repository's packages.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Container, Volume, VolumeMount } from '../../api/types/index.js';
import { REPO_ROOT } from '../repo-paths.js';

/** Where the pod finds the packages; a script under APP_DIR resolves bare imports there. */
export const APP_DIR = '/app';
/** The node binary's path inside the pod. */
export const POD_NODE = '/usr/local/bin/node';

/** The folders of the shared libraries (and the dynamic loader) the binary loads, from ldd. */
export function libraryDirs(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = [...out.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]);
  return [...new Set(paths.map((p) => dirname(p)))].sort();
}

export interface NodeMounts {
  volumes: Volume[];
  volumeMounts: VolumeMount[];
}

/** The volumes and mounts that give a busybox container `node`, node_modules and `script` at APP_DIR/<scriptName>. */
export function hostNodeMounts(script: string, scriptName: string): NodeMounts {
  const node = realpathSync(process.execPath);
  const entries: { name: string; path: string; mountPath: string }[] = [
    { name: 'host-node', path: node, mountPath: POD_NODE },
    ...libraryDirs(node).map((dir, i) => ({ name: `host-libs-${i}`, path: dir, mountPath: dir })),
    // node_modules may be a link (a worktree's points at the main checkout's): mount what it names.
    { name: 'node-modules', path: realpathSync(join(REPO_ROOT, 'node_modules')), mountPath: `${APP_DIR}/node_modules` },
    { name: 'script', path: script, mountPath: `${APP_DIR}/${scriptName}` },
  ];
  return {
    volumes: entries.map((e) => ({ name: e.name, hostPath: { path: e.path } })),
    volumeMounts: entries.map((e) => ({ name: e.name, mountPath: e.mountPath, readOnly: true })),
  };
}

/** A busybox container that sleeps, with node and the packages mounted, for `kubectl exec ... node`. */
export function nodeContainer(image: string, mounts: NodeMounts): Container {
  return { name: 'main', image, command: ['sleep', '3600'], workingDir: APP_DIR, volumeMounts: mounts.volumeMounts };
}
