// e2e: etcd serving clients over HTTPS with client-certificate auth (as deploy/up.sh
// starts it) behind a real apiserver process with --etcd-cafile, --etcd-certfile and
// --etcd-keyfile. The apiserver stores and lists through it; etcd itself refuses, at
// the TLS handshake, a client with no certificate and one whose certificate another
// CA signed; and an apiserver given a certificate without its key does not start.
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import type { ConfigMap } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { createPki } from '../testkit/credentials.js';
import { httpsGet } from '../testkit/https-get.js';
import { startProcess } from '../testkit/processes/child-process.js';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';

const APISERVER_MAIN = fileURLToPath(new URL('../apiserver/main.js', import.meta.url));
/** A refused start reads its flags and exits; this only bounds a hang. */
const EXIT_TIMEOUT_MS = 15_000;
/** A bounded wait for a refused etcd3 call (its own retries give up long before). */
const REFUSED_CALL_TIMEOUT_MS = 5_000;
const NS = 'default';
/** The TLS alert etcd ends the handshake with when a client's certificate is missing or not its CA's (Go sends one of these). */
const TLS_REFUSAL = /alert (bad certificate|certificate required|unknown ca)/i;

function configMap(name: string): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { stored: 'through TLS' } };
}

describe('etcd over TLS with client certificates', () => {
  const plane = useControlPlane({ etcdTls: true });
  let otherCaDir = '';

  before(async () => {
    otherCaDir = await mkdtemp(join(tmpdir(), 'flotilla-other-ca-'));
    await createPki(otherCaDir);
  });
  after(() => rm(otherCaDir, { recursive: true, force: true }));

  it('stores and lists objects through an https:// etcd that demands a client certificate', async () => {
    const { etcd } = plane.plane;
    assert.match(etcd.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    for (const name of ['tls-a', 'tls-b']) await plane.client.create(resources.configMaps, configMap(name));
    const names = (await plane.client.list(resources.configMaps, { namespace: NS })).items.map((c) => c.metadata.name ?? '');
    assert.deepEqual(names.filter((n) => n.startsWith('tls-')).sort(), ['tls-a', 'tls-b']);
    // A raw client with the apiserver's etcd certificate sees the stored key: the data is in this etcd.
    const raw = new Etcd3(etcd.clientOptions());
    try {
      const stored = await raw.kv.range({ key: Buffer.from('/registry/core/configmaps/default/tls-a') });
      assert.equal(stored.kvs.length, 1);
    } finally {
      raw.close();
    }
  });

  it('refuses a client without a certificate at the TLS handshake', async () => {
    const { endpoint, tls } = plane.plane.etcd;
    assert.ok(tls);
    const ca = await readFile(tls.caFile);
    await assert.rejects(httpsGet(`${endpoint}/health`, { ca }), TLS_REFUSAL);
    await assert.rejects(httpsGet(`${endpoint}/v3/kv/range`, { ca }), TLS_REFUSAL);
    // The gRPC side as well: etcd3 with the CA but no certificate never connects.
    const raw = new Etcd3({ hosts: endpoint, credentials: { rootCertificate: ca } });
    try {
      await assert.rejects(raw.kv.range({ key: Buffer.from('/registry/') }, { deadline: Date.now() + REFUSED_CALL_TIMEOUT_MS }), TLS_REFUSAL);
    } finally {
      raw.close();
    }
  });

  it('refuses a certificate another CA signed at the TLS handshake', async () => {
    const { endpoint, tls } = plane.plane.etcd;
    assert.ok(tls);
    const ca = await readFile(tls.caFile);
    const cert = await readFile(join(otherCaDir, 'apiserver-etcd-client.crt'));
    const key = await readFile(join(otherCaDir, 'apiserver-etcd-client.key'));
    await assert.rejects(httpsGet(`${endpoint}/health`, { ca, cert, key }), TLS_REFUSAL);
    // The same request with this CA's certificate is answered: the refusal above is the certificate's.
    const accepted = await httpsGet(`${endpoint}/health`, { ca, cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) });
    assert.equal(accepted.status, 200);
  });

  it('stops the apiserver at start when --etcd-certfile comes without --etcd-keyfile', async () => {
    const { endpoint, tls } = plane.plane.etcd;
    assert.ok(tls);
    const proc = startProcess(
      'apiserver-lone-etcd-cert',
      process.execPath,
      [APISERVER_MAIN, '--etcd-servers', endpoint, '--etcd-cafile', tls.caFile, '--etcd-certfile', tls.certFile, '--port', '0', '--health-port', '0'],
      plane.plane.logDir,
    );
    const closed = once(proc.child, 'close');
    const timer = setTimeout(() => void proc.stop('SIGKILL'), EXIT_TIMEOUT_MS);
    const [code] = (await closed) as [number | null];
    clearTimeout(timer);
    assert.equal(code, 1, 'the apiserver exits with 1');
    const log = await readFile(proc.logFile, 'utf8');
    assert.match(log, /--etcd-certfile needs --etcd-keyfile/);
  });
});
