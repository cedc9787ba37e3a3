import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startHealthServer } from './health-server.js';
import { ServingCertificateSlot } from './serving-certificate-slot.js';

/** Status of GET /healthz over TLS trusting `ca`, or the handshake's error. */
function healthz(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/healthz', ca, agent: false }, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    }).on('error', (err) => resolve(`error: ${err.message}`));
  });
}

test('a health port whose certificate comes later refuses every handshake until then, then serves TLS with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slot-'));
  try {
    const issue = (name: string): void =>
      void execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`,
        '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-out', `${name}.crt`], { cwd: dir, stdio: 'pipe' });
    issue('first');
    issue('second');
    const pair = (name: string) => ({ cert: readFileSync(join(dir, `${name}.crt`)), key: readFileSync(join(dir, `${name}.key`)) });
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
