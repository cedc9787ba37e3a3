import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNodeCredentials } from './node-credentials-files.js';

describe('join: writing the node credentials', () => {
  it('writes ca.crt, node.crt and node.key (0600) into a folder it creates', async () => {
    const root = mkdtempSync(join(tmpdir(), 'join-files-'));
    try {
      const dir = join(root, 'a', 'node');
      const files = await writeNodeCredentials(dir, { caPem: 'CA\n', certPem: 'CERT\n', keyPem: 'KEY\n' });
      assert.deepEqual(files, { ca: join(dir, 'ca.crt'), cert: join(dir, 'node.crt'), key: join(dir, 'node.key') });
      assert.equal(readFileSync(files.key, 'utf8'), 'KEY\n');
      assert.equal(statSync(files.key).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(dir).sort(), ['ca.crt', 'node.crt', 'node.key']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a failure leaves the earlier files as they were and no staged file behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'join-files-'));
    try {
      await writeNodeCredentials(root, { caPem: 'OLD CA\n', certPem: 'OLD CERT\n', keyPem: 'OLD KEY\n' });
      // A folder where the staged key would go makes its write fail.
      const blocker = join(root, '.node.key.new');
      mkdirSync(blocker);
      await assert.rejects(writeNodeCredentials(root, { caPem: 'NEW CA\n', certPem: 'NEW CERT\n', keyPem: 'NEW KEY\n' }));
      assert.equal(readFileSync(join(root, 'ca.crt'), 'utf8'), 'OLD CA\n');
      assert.equal(readFileSync(join(root, 'node.crt'), 'utf8'), 'OLD CERT\n');
      assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.new') && f !== '.node.key.new'), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
