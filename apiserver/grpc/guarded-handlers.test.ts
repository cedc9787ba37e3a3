import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { apiServiceConstructor, type ApiHandlers } from '../../client/grpc-definition.js';
import { silentLogger } from '../../client/silent-logger.js';
import { ALLOW, NO_OPINION, type UserInfo } from '../authorization/attributes.js';
import { requestUser } from '../authorization/request-user.js';
import { authenticatorChain, tokenAuthenticator } from '../http/authenticator.js';
import { CALL_TARGETS } from './call-attributes.js';
import { CallGate } from './call-gate.js';
import { guardedHandlers } from './guarded-handlers.js';

const ALICE: UserInfo = { name: 'alice', uid: 'a', groups: [] };
const REQUEST = { ref: { group: '', resource: 'pods' }, namespace: 'shop', name: 'web', start: { namespace: 'shop', name: 'web' } };
const definition = apiServiceConstructor().service;

interface Outcome {
  /** The gRPC status the caller got, or undefined when the handler ran. */
  code?: number;
  details?: string;
  ranAs?: string;
}

/** Every method answered by a handler that records who it ran as. */
function recordingHandlers(seen: Map<string, string>): ApiHandlers {
  const handlers: Record<string, unknown> = {};
  for (const [method, spec] of Object.entries(definition)) {
    handlers[method] = spec.responseStream
      ? (call: PassThrough) => {
          seen.set(method, requestUser()?.name ?? '');
          if (spec.requestStream) call.once('data', (m: unknown) => seen.set(`${method}:first`, JSON.stringify(m)));
        }
      : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          seen.set(method, requestUser()?.name ?? '');
          callback(null, {});
        };
  }
  return handlers as unknown as ApiHandlers;
}

/** Calls `method` of `handlers` with a fake call carrying `token`, and reports what became of it. */
function call(handlers: ApiHandlers, method: string, token: string | undefined, seen: Map<string, string>): Promise<Outcome> {
  const spec = definition[method];
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  const stream = Object.assign(new PassThrough({ objectMode: true }), {
    request: REQUEST,
    metadata,
    cancelled: false,
    getAuthContext: () => ({}),
    getPath: () => `/flotilla.v1.Api/${method}`,
    getPeer: () => 'ipv4:127.0.0.1:1',
  });
  const handler = (handlers as unknown as Record<string, (...args: unknown[]) => void>)[method];
  return new Promise((resolve) => {
    const ran = setInterval(() => {
      if (seen.has(method)) {
        clearInterval(ran);
        resolve({ ranAs: seen.get(method) });
      }
    }, 5);
    const refused = (status: Partial<grpc.StatusObject> | null): void => {
      clearInterval(ran);
      resolve(status ? { code: status.code, details: status.details } : { ranAs: seen.get(method) });
    };
    stream.on('error', refused);
    if (spec.requestStream) stream.write(REQUEST);
    if (spec.responseStream) handler(stream);
    else handler(stream, refused);
  });
}

function gateFor(authorize: (verb: string, resource: string) => boolean): CallGate {
  return new CallGate({
    authenticator: authenticatorChain([tokenAuthenticator(async (t) => (t === 'alice-token' ? ALICE : undefined))]),
    authorizer: { authorize: (a) => (a.kind === 'resource' && authorize(a.verb, a.subresource ? `${a.resource}/${a.subresource}` : a.resource) ? ALLOW : NO_OPINION) },
    log: silentLogger(),
  });
}

test('every method of the service definition has authorization attributes, and nothing else does', () => {
  assert.deepEqual(Object.keys(CALL_TARGETS).sort(), Object.keys(definition).sort());
});

test('every method refuses a caller without credentials (UNAUTHENTICATED) and never reaches its handler', async () => {
  const seen = new Map<string, string>();
  const guarded = guardedHandlers(recordingHandlers(seen), definition, { gate: gateFor(() => true), log: silentLogger() });
  for (const method of Object.keys(definition)) {
    const outcome = await call(guarded, method, undefined, seen);
    assert.deepEqual(outcome, { code: grpc.status.UNAUTHENTICATED, details: 'Unauthorized' }, method);
    const wrongToken = await call(guarded, method, 'mallory-token', seen);
    assert.equal(wrongToken.code, grpc.status.UNAUTHENTICATED, method);
  }
  assert.equal(seen.size, 0);
});

test('every method asks the authorizer: refused with the Forbidden text, allowed runs as the caller', async () => {
  const seen = new Map<string, string>();
  const forbidden = guardedHandlers(recordingHandlers(seen), definition, { gate: gateFor(() => false), log: silentLogger() });
  for (const method of Object.keys(definition)) {
    const outcome = await call(forbidden, method, 'alice-token', seen);
    assert.equal(outcome.code, grpc.status.PERMISSION_DENIED, method);
    assert.match(outcome.details ?? '', /is forbidden: User "alice" cannot /, method);
  }
  assert.equal(seen.size, 0);
  const allowed = guardedHandlers(recordingHandlers(seen), definition, { gate: gateFor(() => true), log: silentLogger() });
  for (const method of Object.keys(definition)) {
    assert.deepEqual(await call(allowed, method, 'alice-token', seen), { ranAs: 'alice' }, method);
  }
  // The exec stream's first message, read to authorize it, still reaches the handler.
  assert.equal(seen.get('PodExec:first'), JSON.stringify(REQUEST));
});

test('the Forbidden text names the verb and resource each method stands for', async () => {
  const seen = new Map<string, string>();
  const onlyLogs = guardedHandlers(recordingHandlers(seen), definition, { gate: gateFor((verb, resource) => verb === 'get' && resource === 'pods/log'), log: silentLogger() });
  assert.deepEqual(await call(onlyLogs, 'PodLogs', 'alice-token', seen), { ranAs: 'alice' });
  const exec = await call(onlyLogs, 'PodExec', 'alice-token', seen);
  assert.equal(exec.details, 'pods "web" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "shop"');
});
