import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundHeapGrowth } from './heap-growth.js';

describe('boundHeapGrowth', () => {
  it('leaves a factor given on the command line alone, in either spelling', () => {
    assert.equal(boundHeapGrowth(['--heap-growing-percent=30']), false);
    assert.equal(boundHeapGrowth(['--heap_growing_percent=30']), false);
  });

  it('sets its own otherwise, even beside similar flags', () => {
    assert.equal(boundHeapGrowth(['--max-semi-space-size=8', '--heap-growing-percent-x']), true);
  });
});
