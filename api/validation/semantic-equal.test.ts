import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { differences, formatDifferences, semanticEqual } from './semantic-equal.js';
import { goLabelSelector, goStringMap, goStringSlice } from './go-format.js';

describe('semanticEqual', () => {
  it('treats absent and zero values alike', () => {
    assert.equal(semanticEqual({ a: [] }, {}), true);
    assert.equal(semanticEqual({ a: {} }, { a: null }), true);
    assert.equal(semanticEqual({ a: '' }, {}), true);
    assert.equal(semanticEqual({ a: false }, {}), true);
    assert.equal(semanticEqual({ a: { b: [] } }, {}), true);
  });

  it('sees real differences', () => {
    assert.equal(semanticEqual({ a: 1 }, { a: 2 }), false);
    assert.equal(semanticEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(semanticEqual({ a: 'x' }, {}), false);
    assert.equal(semanticEqual({ a: { b: 'c' } }, { a: { b: 'd' } }), false);
  });

  it('lists differences by path', () => {
    const diffs = differences({ c: [{ p: 80 }], n: 'a' }, { c: [{ p: 81 }], n: 'a', x: 1 }, 'spec', 10);
    assert.deepEqual(diffs, [
      { path: 'spec.c[0].p', before: 80, after: 81 },
      { path: 'spec.x', before: undefined, after: 1 },
    ]);
    assert.equal(formatDifferences(diffs), '  spec.c[0].p: 80 -> 81\n  spec.x: <unset> -> 1');
    assert.equal(differences({ a: 1, b: 1 }, { a: 2, b: 2 }, '', 1).length, 1);
  });
});

describe('go-format', () => {
  it('renders maps, slices and selectors as Go %#v', () => {
    assert.equal(goStringMap({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}');
    assert.equal(goStringMap(undefined), 'map[string]string(nil)');
    assert.equal(goStringMap({}), 'map[string]string{}');
    assert.equal(goStringSlice(['x', 'y']), '[]string{"x", "y"}');
    assert.equal(goStringSlice(undefined), '[]string(nil)');
    assert.equal(
      goLabelSelector({ matchLabels: { app: 'web' } }),
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    assert.equal(
      goLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }),
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"a"}}}}',
    );
  });
});
