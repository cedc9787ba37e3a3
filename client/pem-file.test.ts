import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PemFileError, readPemFile } from './pem-file.js';

const BLOCK = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('readPemFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-pem-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const refused = (message: string) => (err: unknown) => err instanceof PemFileError && err.message === message;

  it('returns the bytes of a file with a PEM block, whatever else is around it', () => {
    const path = file('bundle.crt', `# a comment openssl keeps\n${BLOCK}${BLOCK.replaceAll('CERTIFICATE', 'EC PRIVATE KEY')}`);
    assert.match(readPemFile('--client-ca-file', path).toString(), /^# a comment/);
  });

  it('names the flag and the file, in one wording, for a missing file and a directory', () => {
    const missing = join(dir, 'nope', 'ca.crt');
    assert.throws(() => readPemFile('--client-ca-file', missing), refused(`unable to read --client-ca-file file "${missing}": no such file or directory`));
    assert.throws(() => readPemFile('--tls-cert-file', dir), refused(`unable to read --tls-cert-file file "${dir}": is a directory`));
  });

  it('refuses an empty file and one without a complete PEM block', () => {
    const empty = file('empty.key', '');
    assert.throws(() => readPemFile('--client-key', empty), refused(`--client-key file "${empty}" is empty`));
    const notPem = `--tls-private-key-file file "${join(dir, 'junk.key')}" is not PEM: it holds no -----BEGIN ...----- and -----END ...----- block`;
    assert.throws(() => readPemFile('--tls-private-key-file', file('junk.key', 'not a key\n')), refused(notPem));
    assert.throws(() => readPemFile('--tls-private-key-file', file('junk.key', BLOCK.replace('END CERTIFICATE', 'END PRIVATE KEY'))), refused(notPem));
    assert.throws(() => readPemFile('--tls-private-key-file', file('junk.key', BLOCK.slice(0, 40))), refused(notPem));
  });
});
