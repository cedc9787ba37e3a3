import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findProtoFile, LOAD_OPTIONS } from './proto-file.js';

/** The words of package.json's `gen:proto` script, which runs proto-loader-gen-types. */
function generatorWords(): string[] {
  const manifest = JSON.parse(readFileSync(findProtoFile('package.json'), 'utf8')) as { scripts: Record<string, string> };
  return manifest.scripts['gen:proto'].split(/\s+/);
}

describe('generated proto types', () => {
  // Types generated with other options would describe messages the loader never produces.
  it('are generated with the options the protos are loaded with', () => {
    const words = generatorWords();
    assert.equal(words.includes('--keepCase'), LOAD_OPTIONS.keepCase === true);
    assert.ok(words.includes(`--longs=${LOAD_OPTIONS.longs?.name}`));
    assert.ok(words.includes(`--enums=${LOAD_OPTIONS.enums?.name}`));
    assert.equal(words.includes('--defaults'), LOAD_OPTIONS.defaults === true);
    assert.equal(words.includes('--oneofs'), LOAD_OPTIONS.oneofs === true);
  });
});
