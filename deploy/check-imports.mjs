#!/usr/bin/env node
// Fails the build on the import rules that the compiler cannot see:
//  1. no import cycle, counting type-only imports (a cycle of types is still a
//     cycle of modules: neither side can be read, moved or tested alone);
//  2. testkit/ imports only api/, client/, testkit/ and packages, so any test may
//     use it without pulling one component's internals into another's tests;
//  3. only tests, fixtures, bench/ and e2e/ import testkit/ or a *fixtures.ts;
//  4. a test/ folder holds only *.test.ts files, so no helper sits where node's
//     test runner would load it as a test file.
// The graph comes from dpdm, over the same files tsconfig.json compiles.
// Usage: node deploy/check-imports.mjs   (from anywhere; exits 1 on a violation)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import dpdm from 'dpdm';

const { parseCircular, parseDependencyTree, prettyCircular } = dpdm;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));

const TESTKIT = 'testkit/';
/** What testkit/ may import from this repository; anything outside it (node:, npm packages) is fine. */
const TESTKIT_MAY_IMPORT = ['api/', 'client/', TESTKIT];
const isTestkit = (file) => file.startsWith(TESTKIT);
const isFixture = (file) => /(^|[/-])fixtures\.ts$/.test(file);
const isTest = (file) => file.endsWith('.test.ts');
const mayUseTestHelpers = (file) => isTest(file) || isFixture(file) || isTestkit(file) || file.startsWith('bench/') || file.startsWith('e2e/');
/** A file of this repository, as opposed to a node: builtin, a package or an unresolved request. */
const inRepo = (id) => id !== null && !id.startsWith('node_modules/') && !id.startsWith('..') && existsSync(join(root, id));

const tree = await parseDependencyTree(tsconfig.include, {
  cwd: root,
  context: root,
  // Without transform, dpdm keeps `import type` edges.
  transform: false,
  tsconfig: join(root, 'tsconfig.json'),
});
const files = Object.keys(tree)
  .map((f) => f.split(sep).join('/'))
  .filter((f) => inRepo(f))
  .sort();

const problems = [];

const circulars = parseCircular(tree);
if (circulars.length > 0) problems.push(`${circulars.length} import cycle(s):\n${prettyCircular(circulars, '  ')}`);

for (const file of files) {
  for (const dep of tree[file] ?? []) {
    if (!inRepo(dep.id)) continue;
    const id = dep.id.split(sep).join('/');
    if (isTestkit(file) && !TESTKIT_MAY_IMPORT.some((prefix) => id.startsWith(prefix))) {
      problems.push(`${file} imports ${id} ('${dep.request}'): testkit/ may import only ${TESTKIT_MAY_IMPORT.join(', ')} and packages; start a component by the path of its dist/<component>/main.js instead`);
    }
    if ((isTestkit(id) || isFixture(id)) && !mayUseTestHelpers(file)) {
      problems.push(`${file} imports ${id} ('${dep.request}'): test helpers are for tests, fixtures, bench/ and e2e/ only`);
    }
  }
  if (file.split('/').slice(0, -1).includes('test') && !isTest(file)) {
    problems.push(`${file} is in a test/ folder but is not a *.test.ts file: node --test would load it as a test; move it to testkit/`);
  }
}

if (problems.length > 0) {
  process.stderr.write(`import check failed (${relative(process.cwd(), root) || '.'}):\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`import check passed: ${files.length} files, no cycle, testkit imports only ${TESTKIT_MAY_IMPORT.join(', ')}\n`);
