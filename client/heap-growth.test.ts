import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundHeapGrowth, setV8FlagUnlessGiven } from './heap-growth.js';

describe('boundHeapGrowth', () => {
  it('leaves a factor given on the command line alone, in either spelling', () => {
    assert.equal(boundHeapGrowth(['--heap-growing-percent=30']), false);
    assert.equal(boundHeapGrowth(['--heap_growing_percent=30']), false);
  });

  it('sets its own otherwise, even beside similar flags', () => {
    assert.equal(boundHeapGrowth(['--max-semi-space-size=8', '--heap-growing-percent-x']), true);
  });

  it("leaves any flag it sets alone when node was given it, as the agent's young-generation factor", () => {
    assert.equal(setV8FlagUnlessGiven('--semi-space-growth-factor', 1, ['--semi_space_growth_factor=2']), false);
    assert.equal(setV8FlagUnlessGiven('--semi-space-growth-factor', 1, []), true);
  });

  it('leaves a boolean flag alone when node was given it either way, or an alias of it', () => {
    assert.equal(setV8FlagUnlessGiven('--turbofan', false, ['--turbofan'], ['--opt']), false);
    assert.equal(setV8FlagUnlessGiven('--turbofan', false, ['--no-turbofan'], ['--opt']), false);
    assert.equal(setV8FlagUnlessGiven('--turbofan', false, ['--opt'], ['--opt']), false);
    assert.equal(setV8FlagUnlessGiven('--turbofan', false, ['--no_opt'], ['--opt']), false);
  });
});
