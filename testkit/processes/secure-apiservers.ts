// The TLS apiservers this test process started, by gRPC address, with the
// folder deploy/pki.sh issued their credentials into. Every process the testkit
// starts against one of them presents the identity its role has in deploy/up.sh's
// clusters - the scheduler its certificate, an agent its node's, flotctl the
// admin's - unless the test hands it other credentials (or none) itself.
import type { CredentialFiles } from '../../client/api-credentials.js';
import { clientCredentialFiles, nodeCredentialFiles, type ClientIdentity } from '../client-credentials.js';

const pkiDirs = new Map<string, string>();
const IDENTITIES: ReadonlySet<string> = new Set<ClientIdentity>(['admin', 'scheduler', 'controller-manager', 'dns']);

export function registerSecureApiserver(address: string, pkiDir: string): void {
  pkiDirs.set(address, pkiDir);
}

export function unregisterSecureApiserver(address: string): void {
  pkiDirs.delete(address);
}

function isIdentity(name: string): name is ClientIdentity {
  return IDENTITIES.has(name);
}

/** `identity`'s files at a secure apiserver this process started; undefined for a plaintext one or an unknown role. */
export function identityFilesFor(address: string, identity: string): CredentialFiles | undefined {
  const dir = pkiDirs.get(address);
  return dir !== undefined && isIdentity(identity) ? clientCredentialFiles(dir, identity) : undefined;
}

/** Node `nodeName`'s files (issued on first use) at a secure apiserver this process started. */
export async function nodeIdentityFilesFor(address: string, nodeName: string): Promise<CredentialFiles | undefined> {
  const dir = pkiDirs.get(address);
  return dir === undefined ? undefined : nodeCredentialFiles(dir, nodeName);
}
