// The 406 an apiserver gives when no media range in Accept is one it can
// write; kubectl prints the message. Written here because discovery and
// OpenAPI only ever produce JSON.
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-reply.js';

export function sendNotAcceptable(res: ServerResponse, accepted: readonly string[]): void {
  sendJson(res, 406, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `only the following media types are accepted: ${accepted.join(', ')}`,
    reason: 'NotAcceptable',
    code: 406,
  });
}
