// The HTTPS port's credentials and kubeconfig for tests, made by the same
// scripts deploy/up.sh runs (deploy/pki.sh, deploy/write-kubeconfig.mjs), so a
// test exercises the files a person gets.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PKI_SCRIPT, WRITE_KUBECONFIG_SCRIPT } from './repo-paths.js';

const run = promisify(execFile);

/** openssl issues two EC keys in well under a second; this only bounds a stuck run. */
export const PKI_TIMEOUT_MS = 30_000;
export const WRITE_KUBECONFIG_TIMEOUT_MS = 10_000;

export interface TestPki {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** kube-apiserver's --token-auth-file format. */
  tokenAuthFile: string;
  /** The admin's token, alone in a file (what write-kubeconfig.mjs reads). */
  tokenFile: string;
  /** The admin's bearer token (user admin, group system:masters). */
  token: string;
  /** The service-account token key pair (private, public). */
  saKeyFile: string;
  saPubFile: string;
}

/** Runs deploy/pki.sh into dir (created if missing; kept as it is when it already holds credentials). */
export async function createPki(dir: string, extraNames: readonly string[] = []): Promise<TestPki> {
  try {
    await run(PKI_SCRIPT, [dir, ...extraNames], { timeout: PKI_TIMEOUT_MS });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`${PKI_SCRIPT} ${dir} failed: ${err instanceof Error ? err.message : String(err)} ${stderr}`.trim());
  }
  const tokenFile = join(dir, 'admin.token');
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'apiserver.crt'),
    keyFile: join(dir, 'apiserver.key'),
    tokenAuthFile: join(dir, 'tokens.csv'),
    tokenFile,
    token: (await readFile(tokenFile, 'utf8')).trim(),
    saKeyFile: join(dir, 'sa.key'),
    saPubFile: join(dir, 'sa.pub'),
  };
}

export interface KubeconfigSpec {
  /** https://host:port */
  server: string;
  caFile: string;
  tokenFile: string;
  /** Where to write it (mode 600). */
  out: string;
  /** Names of the cluster, user and context: flotilla, admin, flotilla unless told. */
  cluster?: string;
  user?: string;
  context?: string;
}

/** Writes a kubeconfig with deploy/write-kubeconfig.mjs; resolves to its path. */
export async function writeKubeconfig(spec: KubeconfigSpec): Promise<string> {
  const args = [WRITE_KUBECONFIG_SCRIPT, '--server', spec.server, '--certificate-authority', spec.caFile, '--token-file', spec.tokenFile, '--out', spec.out];
  if (spec.cluster) args.push('--cluster', spec.cluster);
  if (spec.user) args.push('--user', spec.user);
  if (spec.context) args.push('--context', spec.context);
  try {
    await run(process.execPath, args, { timeout: WRITE_KUBECONFIG_TIMEOUT_MS });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`write-kubeconfig.mjs failed: ${err instanceof Error ? err.message : String(err)} ${stderr}`.trim());
  }
  return spec.out;
}
