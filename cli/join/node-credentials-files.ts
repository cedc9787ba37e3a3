// Writing the node's credentials: all three files or none, the key readable
// by its owner only.
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CA_FILE = 'ca.crt';
export const CERT_FILE = 'node.crt';
export const KEY_FILE = 'node.key';
const KEY_MODE = 0o600;
const DIR_MODE = 0o700;

export interface NodeCredentials {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface WrittenFiles {
  ca: string;
  cert: string;
  key: string;
}

/** Writes each file beside its final name, then renames them all, so a failure leaves the old set (or nothing). */
export async function writeNodeCredentials(dir: string, creds: NodeCredentials): Promise<WrittenFiles> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const files: [name: string, text: string, mode?: number][] = [[CA_FILE, creds.caPem], [CERT_FILE, creds.certPem], [KEY_FILE, creds.keyPem, KEY_MODE]];
  const staged = files.map(([name]) => join(dir, `.${name}.new`));
  try {
    for (const [i, [, text, mode]] of files.entries()) {
      await writeFile(staged[i], text, { mode: mode ?? 0o644 });
      if (mode !== undefined) await chmod(staged[i], mode);
    }
    for (const [i, [name]] of files.entries()) await rename(staged[i], join(dir, name));
  } catch (err) {
    // Every staged file goes, even when one cannot; the write's own error is the one to report.
    await Promise.allSettled(staged.map((f) => rm(f, { force: true })));
    throw err;
  }
  return { ca: join(dir, CA_FILE), cert: join(dir, CERT_FILE), key: join(dir, KEY_FILE) };
}
