// How flotctl reports failures, as kubectl does: server errors as
// `Error from server (Reason): message`, local ones as `error: message`,
// and an unreachable server with its address.
import { ApiError, isApiError } from '../api/errors.js';

/** A problem found on this side of the wire; printed as `error: <message>`. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The apiserver's client reports transport failures with this prefix (client/grpc-status.ts). */
const UNREACHABLE_PREFIX = 'the server is not reachable';
const REFUSED_PATTERN = /ECONNREFUSED|No connection established|connect(ion)? refused/i;
/** A TLS failure also reads "No connection established"; its reason is what the user must see, as kubectl shows x509 errors. */
const TLS_PATTERN = /certificate|x509|altnames|\bTLS\b|\bSSL\b|handshake/i;
/** grpc-js wraps the socket's error: "No connection established. Last error: Error: <reason>. Resolution note: ...". */
const LAST_ERROR_PATTERN = /Last error: (?:Error: )?(.*?)\.?(?: Resolution note:.*)?$/s;
/** The port took the connection but never spoke HTTP/2 back: what a plaintext client meets at a TLS port. */
const HANDSHAKE_DROPPED_PATTERN = /Last error: Failed to connect\b/;

export function isUnreachable(err: unknown): err is ApiError {
  return isApiError(err, 'ServiceUnavailable') && err.message.startsWith(UNREACHABLE_PREFIX);
}

export function unreachableMessage(err: ApiError, server: string): string {
  if (TLS_PATTERN.test(err.message)) {
    const reason = LAST_ERROR_PATTERN.exec(err.message)?.[1]?.trim() || err.message.slice(UNREACHABLE_PREFIX.length).replace(/^:\s*/, '');
    return `Unable to connect to the server ${server}: ${reason}`;
  }
  if (HANDSHAKE_DROPPED_PATTERN.test(err.message)) {
    return `Unable to connect to the server ${server}: the connection closed before the gRPC handshake - if the apiserver serves TLS, give --certificate-authority and a client certificate or --token (or a config file that names them)`;
  }
  if (REFUSED_PATTERN.test(err.message)) {
    return `The connection to the server ${server} was refused - did you specify the right host or port?`;
  }
  const detail = err.message.slice(UNREACHABLE_PREFIX.length).replace(/^:\s*/, '');
  return `Unable to connect to the server ${server}: ${detail || 'no answer'}`;
}

/**
 * One line (or block) for stderr, without the trailing newline. `context`
 * goes between the reason and the server's message, as in kubectl's
 * `error when creating "f.yaml": ...`.
 */
export function formatError(err: unknown, server: string, context = ''): string {
  if (isUnreachable(err)) return unreachableMessage(err, server);
  if (err instanceof ApiError) return `Error from server (${err.reason}): ${context}${err.message}`;
  if (err instanceof CliError) return `error: ${context}${err.message}`;
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${context}${message}`;
}
