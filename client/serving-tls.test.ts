import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { addServingTlsFlags, loadServingTls, NO_SERVING_TLS, readServingTlsFlags, wantsServingTls } from './serving-tls.js';

test('the three flags are read as given, empty when absent', () => {
  const parse = (argv: string[]) => readServingTlsFlags(addServingTlsFlags(new Command('t'), 'its port').parse(argv, { from: 'user' }).opts());
  assert.deepEqual(parse([]), NO_SERVING_TLS);
  assert.deepEqual(parse(['--tls-cert-file', 'c', '--tls-private-key-file', 'k', '--client-ca-file', 'ca']), { tlsCertFile: 'c', tlsPrivateKeyFile: 'k', clientCaFile: 'ca' });
});

test('TLS needs all three files or none', () => {
  assert.equal(wantsServingTls(NO_SERVING_TLS), false);
  assert.equal(wantsServingTls({ tlsCertFile: 'c', tlsPrivateKeyFile: 'k', clientCaFile: 'ca' }), true);
  assert.throws(() => wantsServingTls({ ...NO_SERVING_TLS, tlsCertFile: 'c', tlsPrivateKeyFile: 'k' }), /go together/);
  assert.throws(() => wantsServingTls({ ...NO_SERVING_TLS, clientCaFile: 'ca' }), /go together/);
});

test('the files are read; a missing one names its flag', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serving-tls-'));
  try {
    for (const name of ['c', 'k', 'ca']) writeFileSync(join(dir, name), `pem ${name}`);
    const files = { tlsCertFile: join(dir, 'c'), tlsPrivateKeyFile: join(dir, 'k'), clientCaFile: join(dir, 'ca') };
    const tls = await loadServingTls(files);
    assert.deepEqual([tls?.cert.toString(), tls?.key.toString(), tls?.clientCa.toString()], ['pem c', 'pem k', 'pem ca']);
    assert.equal(await loadServingTls(NO_SERVING_TLS), undefined);
    await assert.rejects(loadServingTls({ ...files, clientCaFile: join(dir, 'absent') }), /--client-ca-file .*absent/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
