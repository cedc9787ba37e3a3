// The 406 an apiserver gives when no media range in Accept is one it can
// write; kubectl prints the message. Discovery and OpenAPI only produce JSON.
import type { ServerResponse } from 'node:http';
import { notAcceptable } from '../../../api/errors.js';
import { sendStatus } from '../http-reply.js';

export function sendNotAcceptable(res: ServerResponse, accepted: readonly string[]): void {
  sendStatus(res, notAcceptable(`only the following media types are accepted: ${accepted.join(', ')}`));
}
