// Client credentials for tests, from the files deploy/pki.sh issues: each
// component's certificate and key with the cluster CA, as deploy/up.sh hands
// them out, and a node's certificate issued on demand.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CREDENTIAL_FLAGS, type CredentialFiles, type CredentialKey } from '../client/api-credentials.js';
import { PKI_TIMEOUT_MS } from './credentials.js';
import { PKI_SCRIPT } from './repo-paths.js';

const run = promisify(execFile);

/** The client certificates deploy/pki.sh issues by name (nodes come from nodeCredentialFiles). */
export type ClientIdentity = 'admin' | 'scheduler' | 'controller-manager' | 'dns';

/** The CA and `identity`'s certificate and key in `pkiDir`. */
export function clientCredentialFiles(pkiDir: string, identity: ClientIdentity): CredentialFiles {
  return { certificateAuthority: join(pkiDir, 'ca.crt'), clientCertificate: join(pkiDir, `${identity}.crt`), clientKey: join(pkiDir, `${identity}.key`) };
}

/** Issues node `nodeName`'s certificate (CN=system:node:<name>, O=system:nodes) into `pkiDir` and names its files. */
export async function nodeCredentialFiles(pkiDir: string, nodeName: string): Promise<CredentialFiles> {
  try {
    await run(PKI_SCRIPT, [pkiDir, '--node', nodeName, '127.0.0.1'], { timeout: PKI_TIMEOUT_MS });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`${PKI_SCRIPT} ${pkiDir} --node ${nodeName} failed: ${err instanceof Error ? err.message : String(err)} ${stderr}`.trim());
  }
  const base = join(pkiDir, 'nodes', nodeName);
  return { certificateAuthority: join(pkiDir, 'ca.crt'), clientCertificate: `${base}.crt`, clientKey: `${base}.key` };
}

/** The command-line flags that hand `files` to a component or flotctl; none without credentials (a plaintext channel). */
export function credentialArgs(files: CredentialFiles = {}): string[] {
  return (Object.keys(CREDENTIAL_FLAGS) as CredentialKey[]).flatMap((key) => {
    const value = files[key];
    return value === undefined ? [] : [CREDENTIAL_FLAGS[key], value];
  });
}
