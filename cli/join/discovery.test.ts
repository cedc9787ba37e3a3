import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCert, makeCa, type CertFiles } from '../../testkit/test-certificates.js';
import { caCertHash } from '../bootstrap-token/token-secret.js';
import { CliError } from '../cli-error.js';
import { discoverCa, parseServer, pinnedCa, presentedChain } from './discovery.js';

interface TestServer {
  server: Server;
  url: string;
  /** Requests that reached it: discovery must send none before the CA is pinned. */
  requests: string[];
}

async function serve(certPem: string, keyPem: string): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"major":"1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('join discovery: the CA pinned by hash', () => {
  let dir: string;
  let ca: CertFiles;
  let otherCa: CertFiles;
  let leaf: CertFiles;
  const servers: TestServer[] = [];
  const read = (file: string) => readFileSync(file, 'utf8');
  const start = async (chain: string[]) => {
    const s = await serve(chain.map(read).join(''), read(leaf.key));
    servers.push(s);
    return s;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'join-discovery-'));
    ca = await makeCa(dir, 'ca', { cn: 'flotilla-ca' });
    otherCa = await makeCa(dir, 'other-ca', { cn: 'someone-else' });
    leaf = await issueCert(dir, ca, 'apiserver', { subject: { cn: 'kube-apiserver' }, usage: 'server', ips: ['127.0.0.1'], dnsNames: ['localhost'] });
  });

  after(() => {
    for (const s of servers) s.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the leaf and the CA the server presents', async () => {
    const s = await start([leaf.cert, ca.cert]);
    const chain = await presentedChain(parseServer(s.url));
    assert.deepEqual(chain.map((c) => c.subject), ['CN=kube-apiserver', 'CN=flotilla-ca']);
    assert.deepEqual(s.requests, []);
  });

  it('a chain with the pinned CA: the CA is found and the server verified against it', async () => {
    const s = await start([leaf.cert, ca.cert]);
    const pem = await discoverCa(parseServer(s.url), caCertHash(read(ca.cert)));
    assert.equal(new X509Certificate(pem).fingerprint256, new X509Certificate(read(ca.cert)).fingerprint256);
    // Only the verified /version, and never a token.
    assert.deepEqual(s.requests, ['GET /version ']);
  });

  it('a chain without the CA (leaf only) is refused before any request', async () => {
    const s = await start([leaf.cert]);
    const pin = caCertHash(read(ca.cert));
    await assert.rejects(discoverCa(parseServer(s.url), pin), (err: Error) => {
      assert.ok(err instanceof CliError);
      assert.match(err.message, new RegExp(`no certificate the server presented matches --ca-cert-hash ${pin}`));
      assert.match(err.message, /presented 1: CN=kube-apiserver/);
      return true;
    });
    assert.deepEqual(s.requests, []);
  });

  it('a wrong pin is refused before any request', async () => {
    const s = await start([leaf.cert, ca.cert]);
    await assert.rejects(discoverCa(parseServer(s.url), caCertHash(read(otherCa.cert))), /no certificate the server presented matches --ca-cert-hash/);
    assert.deepEqual(s.requests, []);
  });

  it('an impostor CA (same name, other key) that matches the pin but did not sign the server\'s certificate is refused', async () => {
    const impostor = await makeCa(dir, 'impostor-ca', { cn: 'flotilla-ca' });
    const s = await start([leaf.cert, impostor.cert]);
    await assert.rejects(discoverCa(parseServer(s.url), caCertHash(read(impostor.cert))), /is not verified by the pinned CA|no certificate the server presented matches/);
    // Whichever check stops it, no request reached the server.
    assert.deepEqual(s.requests, []);
  });

  it('a pin naming the leaf, not a CA, is refused', () => {
    const chain = [new X509Certificate(read(leaf.cert)), new X509Certificate(read(ca.cert))];
    assert.throws(() => pinnedCa(chain, caCertHash(read(leaf.cert)), parseServer('https://127.0.0.1:6443')), /is not a CA certificate/);
  });

  it('--server must be https; the port defaults to 6443', () => {
    assert.deepEqual(parseServer('https://10.0.0.1'), { url: 'https://10.0.0.1:6443', host: '10.0.0.1', port: 6443 });
    assert.throws(() => parseServer('http://10.0.0.1:6443'), /must be https:\/\/HOST:PORT/);
    assert.throws(() => parseServer('10.0.0.1:6443'), /must be https|is not a URL/);
  });
});
