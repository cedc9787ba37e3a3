import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error.js';
import { readManifests } from './manifests.js';

const dir = mkdtempSync(join(tmpdir(), 'flotctl-manifests-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const opts = { recursive: false, readStdin: () => '', allowGenerateName: false };

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: busybox\n';

test('multi-document YAML, empty documents skipped, document numbers kept', () => {
  const path = file('multi.yaml', `---\n${POD}---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n`);
  const manifests = readManifests([path], opts);
  assert.deepEqual(manifests.map((m) => [m.object.kind, m.object.metadata.name, m.document]), [['Pod', 'a', 1], ['Namespace', 'shop', 3]]);
  assert.equal(manifests[0].source, path);
});

test('JSON files and kind: List are flattened', () => {
  const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2' } }] };
  const path = file('list.json', JSON.stringify(list, null, 2));
  assert.deepEqual(readManifests([path], opts).map((m) => m.object.metadata.name), ['p1', 'p2']);
});

test('directories: manifest extensions only, sorted, recursive with -R', () => {
  const sub = join(dir, 'tree');
  file('tree/b.yaml', POD.replace('name: a', 'name: b'));
  file('tree/a.yml', POD.replace('name: a', 'name: a1'));
  file('tree/notes.txt', 'not a manifest');
  file('tree/nested/c.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c' } }));
  assert.deepEqual(readManifests([sub], opts).map((m) => m.object.metadata.name), ['a1', 'b']);
  assert.deepEqual(readManifests([sub], { ...opts, recursive: true }).map((m) => m.object.metadata.name), ['a1', 'b', 'c']);
});

test('stdin', () => {
  const manifests = readManifests(['-'], { ...opts, readStdin: () => POD });
  assert.equal(manifests[0].source, 'STDIN');
  assert.equal(manifests[0].object.metadata.name, 'a');
});

test('a YAML syntax error names the file and the line', () => {
  const path = file('bad.yaml', `${POD}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: b\n`);
  assert.throws(() => readManifests([path], opts), (err: unknown) => {
    assert.ok(err instanceof CliError);
    assert.match(err.message, new RegExp(`^error parsing ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: yaml: line 1[0-9]: `));
    return true;
  });
  const tab = file('tab.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n');
  assert.throws(() => readManifests([tab], opts), /error parsing .*tab\.yaml: yaml: line 4: Nested mappings are not allowed/);
});

test('missing apiVersion, kind or name name the file and document', () => {
  const path = file('incomplete.yaml', `${POD}---\nkind: Pod\nmetadata: {}\n`);
  assert.throws(
    () => readManifests([path], opts),
    (err: unknown) => err instanceof CliError && err.message === `error validating "${path}" (document 2): apiVersion not set, metadata.name not set`,
  );
  const generated = file('generated.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n');
  assert.throws(() => readManifests([generated], opts), /metadata.name not set/);
  assert.equal(readManifests([generated], { ...opts, allowGenerateName: true }).length, 1);
});

test('a missing path is reported', () => {
  assert.throws(() => readManifests([join(dir, 'nope.yaml')], opts), /the path ".*nope.yaml" does not exist/);
});

test('an integer YAML cannot hand over exactly is refused before anything is sent, with its path', () => {
  const path = file('huge.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: 99999999999999999999\n');
  assert.throws(
    () => readManifests([path], opts),
    (err) => err instanceof CliError && /Deployment "big" spec\.replicas: Invalid value: 99999999999999999999: integers beyond/.test(err.message),
  );
  const fine = file('fine.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ok\nspec:\n  replicas: 2147483648\n  x: [1, 2.5]\n');
  const [m] = readManifests([fine], opts);
  assert.deepEqual(m.object.spec, { replicas: 2147483648, x: [1, 2.5] });
});
