import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as staticYaml from 'yaml';
import { lazyPackage } from './lazy-package.js';

test('a lazy package is loaded once, prepared once, and is the copy a static import holds', () => {
  let prepared = 0;
  const yaml = lazyPackage<typeof staticYaml>('yaml', () => prepared++);
  assert.equal(prepared, 0);
  assert.equal(yaml().parse, staticYaml.parse);
  assert.equal(yaml(), yaml());
  assert.equal(prepared, 1);
});

test('a package that cannot be found fails at first use, naming it', () => {
  const missing = lazyPackage<unknown>('flotilla-no-such-package');
  assert.throws(() => missing(), /flotilla-no-such-package/);
});
