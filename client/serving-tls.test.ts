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

test('the files are read; a missing one or one that is not PEM names its flag', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serving-tls-'));
  const pem = (label: string) => `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`;
  try {
    const texts = { c: pem('CERTIFICATE'), k: pem('EC PRIVATE KEY'), ca: pem('CERTIFICATE'), junk: 'not pem\n' };
    for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
    const files = { tlsCertFile: join(dir, 'c'), tlsPrivateKeyFile: join(dir, 'k'), clientCaFile: join(dir, 'ca') };
    const tls = await loadServingTls(files);
    assert.deepEqual([tls?.cert.toString(), tls?.key.toString(), tls?.clientCa.toString()], [texts.c, texts.k, texts.ca]);
    assert.equal(await loadServingTls(NO_SERVING_TLS), undefined);
    await assert.rejects(loadServingTls({ ...files, clientCaFile: join(dir, 'absent') }), /^PemFileError: unable to read --client-ca-file file ".*absent": no such file or directory$/);
    await assert.rejects(loadServingTls({ ...files, tlsPrivateKeyFile: join(dir, 'junk') }), /^PemFileError: --tls-private-key-file file ".*junk" is not PEM/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
