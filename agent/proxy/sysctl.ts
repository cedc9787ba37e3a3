// Kernel settings the node proxy needs, set at start as kube-proxy sets them.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PROC_SYS = '/proc/sys';

/**
 * Lets a DNAT send traffic that arrived for 127.0.0.1 on to a pod, so a
 * NodePort answers on localhost as kube-proxy's does; without it the kernel
 * drops the rewritten packet as a martian.
 */
export const ROUTE_LOCALNET = 'net/ipv4/conf/all/route_localnet';

export type SysctlWriter = (name: string, value: string) => Promise<void>;

/** Writes the value unless the kernel already has it, so an unprivileged run that needs no change does not fail. */
export const procSysctl: SysctlWriter = async (name, value) => {
  const path = join(PROC_SYS, name);
  const current = (await readFile(path, 'utf8')).trim();
  if (current !== value) await writeFile(path, value);
};
