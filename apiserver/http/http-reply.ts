// Writing replies: JSON bodies, and every failure as a Kubernetes Status with
// the matching HTTP code, so kubectl prints `Error from server (Reason): ...`.
import type { ServerResponse } from 'node:http';
import { ApiError } from '../../api/errors.js';

export const JSON_CONTENT_TYPE = 'application/json';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, code, JSON.stringify(body), headers);
}

/** A body already serialized (lists built from the JSON text kept for cached objects). */
export function sendJsonText(res: ServerResponse, code: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The ApiError behind any failure; anything unexpected is an InternalError. */
export function apiErrorOf(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('InternalError', `Internal error occurred: ${message}`);
}

export function sendStatus(res: ServerResponse, err: unknown): void {
  const apiError = apiErrorOf(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, apiError.toStatus());
}
