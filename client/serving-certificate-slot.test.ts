import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { startHealthServer } from './health-server.js';
import { ServingCertificateSlot } from './serving-certificate-slot.js';

const PING = '/slot.Test/Ping';
const identity = (b: Buffer): Buffer => b;
/** Bounds one call that a server with no certificate refuses. */
const CALL_DEADLINE_MS = 3_000;

/** A one-method gRPC server on loopback whose TLS comes from the slot, client certificates required. */
async function pingServer(slot: ServingCertificateSlot): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  const method = { path: PING, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
  server.addService({ ping: method }, { ping: (_call: unknown, done: grpc.sendUnaryData<Buffer>) => done(null, Buffer.from('pong')) });
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(slot, slot, true);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))));
  return { port, server };
}

/** 'pong', or the call's error, for a client trusting and presenting `pair`. */
function ping(port: number, pair: { cert: Buffer; key: Buffer }): Promise<string> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createSsl(pair.cert, pair.key, pair.cert));
  return new Promise<string>((resolve) => {
    client.makeUnaryRequest(PING, identity, identity, Buffer.alloc(0), { deadline: Date.now() + CALL_DEADLINE_MS }, (err, reply) => resolve(err ? `error: ${err.message}` : String(reply)));
  }).finally(() => client.close());
}

/** Status of GET /healthz over TLS trusting `ca`, or the handshake's error. */
function healthz(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/healthz', ca, agent: false }, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    }).on('error', (err) => resolve(`error: ${err.message}`));
  });
}

function issueSelfSigned(dir: string, name: string): { cert: Buffer; key: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-out', `${name}.crt`], { cwd: dir, stdio: 'pipe' });
  return { cert: readFileSync(join(dir, `${name}.crt`)), key: readFileSync(join(dir, `${name}.key`)) };
}

test('a gRPC port serves from a slot filled before the bind (a restart), and from one filled after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slot-grpc-'));
  const servers: grpc.Server[] = [];
  try {
    const pair = issueSelfSigned(dir, 'node');
    const filled = new ServingCertificateSlot(pair.cert);
    filled.set(pair);
    const early = await pingServer(filled);
    servers.push(early.server);
    assert.equal(await ping(early.port, pair), 'pong');
    const empty = new ServingCertificateSlot(pair.cert);
    const late = await pingServer(empty);
    servers.push(late.server);
    assert.match(await ping(late.port, pair), /^error: /);
    empty.set(pair);
    assert.equal(await ping(late.port, pair), 'pong');
  } finally {
    for (const server of servers) server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a health port whose certificate comes later refuses every handshake until then, then serves TLS with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slot-'));
  try {
    const pairs = { first: issueSelfSigned(dir, 'first'), second: issueSelfSigned(dir, 'second') };
    const pair = (name: keyof typeof pairs) => pairs[name];
    const slot = new ServingCertificateSlot(pair('first').cert);
    const server = await startHealthServer(0, new Registry(), () => true, '127.0.0.1', {}, { clientCa: slot.clientCa, slot });
    try {
      assert.equal(server.scheme, 'https');
      assert.match(await healthz(server.port, pair('first').cert), /^error: .*(handshake|alert)/);
      slot.set(pair('first'));
      assert.equal(await healthz(server.port, pair('first').cert), '200');
      // A renewed certificate serves from the next handshake on.
      slot.set(pair('second'));
      assert.equal(await healthz(server.port, pair('second').cert), '200');
      assert.match(await healthz(server.port, pair('first').cert), /^error: /);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
