// A PEM file named by a flag (or a config file's key), read the same way by
// every component, so a bad file is reported in one wording: missing,
// unreadable, empty or not PEM, always with the flag and the path.
import { readFileSync } from 'node:fs';

/** A PEM file that cannot be used; the message names the flag (or key) and the file. */
export class PemFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PemFileError';
  }
}

/** One complete block: a BEGIN line and the END line of the same label. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/;

/** The reason as ls and kubectl print it, not Node's `ENOENT: ..., open '<path>'` (the path is already in the message). */
function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** The bytes of the PEM file `name` points at; read once at startup, so synchronously. */
export function readPemFile(name: string, path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new PemFileError(`unable to read ${name} file "${path}": ${readFailure(err)}`);
  }
  if (bytes.length === 0) throw new PemFileError(`${name} file "${path}" is empty`);
  if (!PEM_BLOCK.test(bytes.toString('latin1'))) {
    throw new PemFileError(`${name} file "${path}" is not PEM: it holds no -----BEGIN ...----- and -----END ...----- block`);
  }
  return bytes;
}
