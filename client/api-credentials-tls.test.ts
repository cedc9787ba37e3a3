// The credentials on a real TLS channel: a grpc-js server in this process with
// the apiserver's certificate from deploy/pki.sh, and ApiClient against it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import { createPki, type TestPki } from '../testkit/credentials.js';
import { clientCredentialFiles } from '../testkit/client-credentials.js';
import { startRecordingApiServer, type RecordingApiServer } from '../testkit/recording-api-server.js';
import { ApiClient } from './api-client.js';
import { loadApiCredentials } from './api-credentials.js';

/** A loopback address outside every certificate deploy/pki.sh issues. */
const UNNAMED_LOOPBACK = '127.0.0.2';

/** Who called, as the tests compare it. */
function callers(server: RecordingApiServer): { commonName: string | undefined; authorization: string[] }[] {
  return server.calls.map(({ commonName, authorization }) => ({ commonName, authorization }));
}

describe('ApiClient over TLS', () => {
  let dir: string;
  let pki: TestPki;
  let otherPki: TestPki;
  let mutual: RecordingApiServer;
  let serverOnly: RecordingApiServer;
  /** On an address the apiserver's certificate does not name (it names 127.0.0.1 and localhost). */
  let unnamed: RecordingApiServer;
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning);
  before(async () => {
    process.on('warning', onWarning);
    dir = mkdtempSync(join(tmpdir(), 'flotilla-api-tls-'));
    [pki, otherPki] = await Promise.all([createPki(join(dir, 'pki')), createPki(join(dir, 'other'))]);
    [mutual, serverOnly, unnamed] = await Promise.all([
      startRecordingApiServer(pki, { requireClientCertificate: true }),
      startRecordingApiServer(pki, { requireClientCertificate: false }),
      startRecordingApiServer(pki, { requireClientCertificate: false, host: UNNAMED_LOOPBACK }),
    ]);
  });
  after(async () => {
    process.off('warning', onWarning);
    await Promise.all([mutual?.stop(), serverOnly?.stop(), unnamed?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the handshake with the CA and a client certificate; the server sees its CN', async () => {
    const client = new ApiClient(mutual.address, 'test', loadApiCredentials(clientCredentialFiles(pki.dir, 'scheduler')));
    try {
      const pod = await client.get(resources.pods, 'default', 'p');
      assert.equal(pod.metadata.name, 'p');
      assert.deepEqual(callers(mutual).at(-1), { commonName: 'system:kube-scheduler', authorization: [] });
    } finally {
      client.close();
    }
  });

  it('sends a token as authorization metadata on every call', async () => {
    const client = new ApiClient(serverOnly.address, 'test', loadApiCredentials({ certificateAuthority: pki.caFile, token: pki.token }));
    try {
      await client.get(resources.pods, 'default', 'p');
      await client.get(resources.pods, 'default', 'p');
      assert.deepEqual(callers(serverOnly).slice(-2), [
        { commonName: undefined, authorization: [`Bearer ${pki.token}`] },
        { commonName: undefined, authorization: [`Bearer ${pki.token}`] },
      ]);
    } finally {
      client.close();
    }
  });

  it('sends the token beside the client certificate when given both', async () => {
    const client = new ApiClient(mutual.address, 'test', loadApiCredentials({ ...clientCredentialFiles(pki.dir, 'admin'), token: pki.token }));
    try {
      await client.get(resources.pods, 'default', 'p');
      assert.deepEqual(callers(mutual).at(-1), { commonName: 'kubernetes-admin', authorization: [`Bearer ${pki.token}`] });
    } finally {
      client.close();
    }
  });

  it('fails with UNAVAILABLE and a certificate message when the server is signed by another CA', async () => {
    const before = mutual.calls.length;
    const client = new ApiClient(mutual.address, 'test', loadApiCredentials({ ...clientCredentialFiles(pki.dir, 'admin'), certificateAuthority: otherPki.caFile }));
    try {
      await assert.rejects(client.get(resources.pods, 'default', 'p'), (err: unknown) => {
        // ServiceUnavailable is what the client makes of gRPC's UNAVAILABLE (client/grpc-status.ts).
        assert.ok(isApiError(err, 'ServiceUnavailable'), String(err));
        assert.match(err.message, /certificate/i);
        return true;
      });
      assert.equal(mutual.calls.length, before, 'no call reached the server');
    } finally {
      client.close();
    }
  });

  it('checks the server\'s certificate against the address dialled, by IP or by name', async () => {
    const caOnly = loadApiCredentials({ certificateAuthority: pki.caFile });
    const byName = new ApiClient(serverOnly.address.replace('127.0.0.1', 'localhost'), 'test', caOnly);
    const wrongIp = new ApiClient(unnamed.address, 'test', caOnly);
    try {
      assert.equal((await byName.get(resources.pods, 'default', 'p')).metadata.name, 'p');
      await assert.rejects(wrongIp.get(resources.pods, 'default', 'p'), (err: unknown) => {
        assert.ok(isApiError(err, 'ServiceUnavailable'), String(err));
        assert.match(err.message, new RegExp(`${UNNAMED_LOOPBACK.replaceAll('.', '\\.')}.*cert`));
        return true;
      });
      assert.equal(unnamed.calls.length, 0);
    } finally {
      byName.close();
      wrongIp.close();
    }
    // Node warns when a TLS server name is an IP address; the client must not make every process print it.
    assert.deepEqual(warnings.filter((w) => (w as { code?: string }).code === 'DEP0123'), []);
  });

  it('is refused by a server that requires a client certificate when it has none', async () => {
    const client = new ApiClient(mutual.address, 'test', loadApiCredentials({ certificateAuthority: pki.caFile }));
    try {
      await assert.rejects(client.get(resources.pods, 'default', 'p'), (err: unknown) => isApiError(err, 'ServiceUnavailable'));
    } finally {
      client.close();
    }
  });

  it('fails a plaintext client against the TLS port rather than sending in the clear', async () => {
    const client = new ApiClient(serverOnly.address, 'test');
    try {
      await assert.rejects(client.get(resources.pods, 'default', 'p'), (err: unknown) => isApiError(err, 'ServiceUnavailable'));
    } finally {
      client.close();
    }
  });
});
