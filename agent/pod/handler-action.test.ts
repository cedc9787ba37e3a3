import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { runAction, type ActionTarget } from './handler-action.js';

/** A self-signed certificate for localhost, as pods often serve. */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpkITeDERztHSQDqX
o10GjhXWjAmybnSOn3nXs1/R2K6hRANCAATkFgWZ1ikvCI30c9i58yk40STPGCha
SnLmnZGgSDuhvvBLGmDUfjUdx6na5aB3So7FdYqYUOOHFY/ByTlzGNnq
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUdD/KsuddXodKYDwIiN90G1D6HX4wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMjA4NDAwOVoYDzIxMjYxMDI5
MDg0MDA5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATkFgWZ1ikvCI30c9i58yk40STPGChaSnLmnZGgSDuhvvBLGmDUfjUd
x6na5aB3So7FdYqYUOOHFY/ByTlzGNnqo1MwUTAdBgNVHQ4EFgQU4/4ZtMnPj4tx
fp8vXzoW6QFxtI8wHwYDVR0jBBgwFoAU4/4ZtMnPj4txfp8vXzoW6QFxtI8wDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA15+szbgefpHD+5/Q0y/c
FISnWU/MtBAb4vHabprnCj8CIFikN+tuTltHETFdC5A4+irYDBOyRz/8P2MmmRcI
mqyc
-----END CERTIFICATE-----`;
const TIMEOUT_MS = 2_000;
const SLOW_TIMEOUT_MS = 200;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function target(): ActionTarget {
  // httpGet never touches the runtime.
  return { runtime: {} as DockerRuntime, containerId: 'c', container: { name: 'app' }, host: '127.0.0.1' };
}

describe('runAction httpGet', () => {
  const servers: Server[] = [];
  let httpsPort = 0;
  let httpPort = 0;

  before(async () => {
    const https = createHttpsServer({ key: KEY, cert: CERT }, (_req, res) => res.end('secure'));
    const http = createHttpServer((req, res) => {
      if (req.url === '/slow') return;
      res.statusCode = req.url === '/fail' ? 503 : 200;
      res.end(req.url === '/fail' ? 'overloaded' : 'ok');
    });
    servers.push(https, http);
    httpsPort = await listen(https);
    httpPort = await listen(http);
  });

  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('succeeds against HTTPS with a self-signed certificate, as the kubelet skips verification', async () => {
    const result = await runAction(target(), { httpGet: { port: httpsPort, scheme: 'HTTPS', path: '/' } }, TIMEOUT_MS);
    assert.deepEqual(result, { ok: true, message: '' });
  });

  it('reports the status and the start of the body on failure', async () => {
    const result = await runAction(target(), { httpGet: { port: httpPort, path: '/fail' } }, TIMEOUT_MS);
    assert.deepEqual(result, { ok: false, message: 'HTTP probe failed with statuscode: 503 overloaded' });
    assert.equal((await runAction(target(), { httpGet: { port: httpPort, path: 'ok' } }, TIMEOUT_MS)).ok, true);
  });

  it('times out a server that never answers', async () => {
    const result = await runAction(target(), { httpGet: { port: httpPort, path: '/slow' } }, SLOW_TIMEOUT_MS);
    assert.equal(result.ok, false);
    assert.match(result.message, /context deadline exceeded/);
  });
});
