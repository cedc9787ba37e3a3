// The continue token of a paged list, in Kubernetes' own format so a token
// means the same to every apiserver sharing the etcd: unpadded base64url of
// {"v":"meta.k8s.io/v1","rv":<revision>,"start":<next key after the list's prefix>}.
// rv -1 means "read the rest at the newest revision" (the token handed out when
// the first one's revision was compacted away).
import { badRequest } from '../../api/errors.js';

const TOKEN_VERSION = 'meta.k8s.io/v1';
/** The revision of a token that continues at whatever is newest, as Kubernetes spells it. */
export const LATEST_REVISION = -1;

export interface ContinuePoint {
  /** The full key to read from. */
  from: string;
  /** The revision the pages are read at; LATEST_REVISION for the newest. */
  revision: number;
}

/** A start key that climbs out of the prefix ("../secrets/x") would list another resource: only plain segments pass. */
function isCleanPath(relative: string): boolean {
  return relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function invalidToken(why: string): Error {
  return badRequest(`invalid continue token: continue key is not valid${why ? `: ${why}` : ''}`);
}

function parseToken(token: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(token)) throw invalidToken('illegal base64 data');
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    throw invalidToken(err instanceof Error ? err.message : String(err));
  }
}

/** Where a token resumes a list of the keys under `prefix`; a malformed token is BadRequest naming `continue`. */
export function decodeContinue(token: string, prefix: string): ContinuePoint {
  const value = parseToken(token);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidToken('not a JSON object');
  const { v, rv, start } = value as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== TOKEN_VERSION) throw invalidToken(`server does not recognize this encoded version ${String(v ?? '')}`);
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv === 0) {
    throw invalidToken(`incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`);
  }
  if (typeof start !== 'string' || start === '') throw invalidToken(`encoded start key empty (version ${TOKEN_VERSION})`);
  const relative = start.startsWith('/') ? start.slice(1) : start;
  if (!isCleanPath(relative)) throw invalidToken(start);
  return { from: prefix + relative, revision: rv };
}

/** The token that resumes a list of `prefix` at `from`, read at `revision`. */
export function encodeContinue(from: string, prefix: string, revision: number): string {
  if (!from.startsWith(prefix) || from === prefix) throw new Error(`continue key ${JSON.stringify(from)} is not under ${JSON.stringify(prefix)}`);
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, rv: revision, start: from.slice(prefix.length) })).toString('base64url');
}
