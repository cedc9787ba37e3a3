import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../errors.js';
import {
  formatLabelSelector,
  labelSelectorMatches,
  matchesSelector,
  parseLabelSelector,
  selectorFromLabelSelector,
  selectorToString,
  type Selector,
} from './label-selector.js';

function badRequest(fragment: string) {
  return (err: unknown) => {
    assert.ok(isApiError(err, 'BadRequest'), `expected a BadRequest ApiError, got ${String(err)}`);
    assert.ok(err.message.includes(fragment), `message ${JSON.stringify(err.message)} should include ${JSON.stringify(fragment)}`);
    return true;
  };
}

describe('parseLabelSelector', () => {
  it('parses every kubectl form, sorted by key', () => {
    const sel = parseLabelSelector('app=web,tier in (b,a),!canary, env!=prod, partition, x notin (y), a==b, n>5, m<10');
    assert.deepEqual(sel.requirements, [
      { key: 'a', operator: 'Equals', values: ['b'] },
      { key: 'app', operator: 'Equals', values: ['web'] },
      { key: 'canary', operator: 'DoesNotExist', values: [] },
      { key: 'env', operator: 'NotEquals', values: ['prod'] },
      { key: 'm', operator: 'Lt', values: ['10'] },
      { key: 'n', operator: 'Gt', values: ['5'] },
      { key: 'partition', operator: 'Exists', values: [] },
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
      { key: 'x', operator: 'NotIn', values: ['y'] },
    ]);
  });

  it('treats the empty string and whitespace as "everything"', () => {
    assert.deepEqual(parseLabelSelector(''), { requirements: [] });
    assert.deepEqual(parseLabelSelector('   '), { requirements: [] });
  });

  it('tolerates whitespace around operators and values', () => {
    const sel = parseLabelSelector('  app =  web ,  tier   in(a , b)  ,  ! canary ');
    assert.deepEqual(sel.requirements, [
      { key: 'app', operator: 'Equals', values: ['web'] },
      { key: 'canary', operator: 'DoesNotExist', values: [] },
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
    ]);
  });

  it('accepts empty values and keyword-looking values', () => {
    assert.deepEqual(parseLabelSelector('a=').requirements, [{ key: 'a', operator: 'Equals', values: [''] }]);
    assert.deepEqual(parseLabelSelector('a in ()').requirements, [{ key: 'a', operator: 'In', values: [''] }]);
    assert.deepEqual(parseLabelSelector('a in (,x)').requirements, [{ key: 'a', operator: 'In', values: ['', 'x'] }]);
    assert.deepEqual(parseLabelSelector('a=in').requirements, [{ key: 'a', operator: 'Equals', values: ['in'] }]);
    assert.deepEqual(parseLabelSelector('a in (in,notin)').requirements, [{ key: 'a', operator: 'In', values: ['in', 'notin'] }]);
  });

  it('accepts prefixed keys', () => {
    assert.deepEqual(parseLabelSelector('app.kubernetes.io/name=web').requirements, [
      { key: 'app.kubernetes.io/name', operator: 'Equals', values: ['web'] },
    ]);
  });

  it('names the bad part of a malformed selector', () => {
    assert.throws(() => parseLabelSelector('a b'), badRequest("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"));
    assert.throws(() => parseLabelSelector('a=b c'), badRequest("found 'c', expected: ',' or 'end of string'"));
    assert.throws(() => parseLabelSelector('a=b,'), badRequest("found '', expected: identifier after ','"));
    assert.throws(() => parseLabelSelector(',a'), badRequest("found ',', expected: !, identifier, or 'end of string'"));
    assert.throws(() => parseLabelSelector('a in b'), badRequest("found 'b' expected: '('"));
    assert.throws(() => parseLabelSelector('a in (b'), badRequest("found '', expected: ',' or ')'"));
    assert.throws(() => parseLabelSelector('a=(b)'), badRequest("found '(', expected: identifier"));
    assert.throws(() => parseLabelSelector('!a=b'), badRequest("found '=', expected: ',' or 'end of string'"));
    assert.throws(() => parseLabelSelector('=b'), badRequest("found '=', expected: !, identifier, or 'end of string'"));
  });

  it('validates keys and values as Kubernetes does', () => {
    assert.throws(() => parseLabelSelector('a/b/c=x'), badRequest('unable to parse requirement: key: Invalid value: "a/b/c"'));
    assert.throws(() => parseLabelSelector('-a=x'), badRequest('name part must consist of alphanumeric characters'));
    assert.throws(() => parseLabelSelector('a=-x'), badRequest('values[0][a]: Invalid value: "-x": a valid label must be an empty string'));
    assert.throws(() => parseLabelSelector(`a=${'x'.repeat(64)}`), badRequest('must be no more than 63 characters'));
    assert.throws(() => parseLabelSelector('a>b'), badRequest("for 'Gt', 'Lt' operators, the value must be an integer"));
  });
});

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front', n: '7' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['missing in (x)', false],
    ['tier notin (back)', true],
    ['tier notin (front)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['n>5', true],
    ['n>7', false],
    ['n<8', true],
    ['app>1', false],
    ['missing>1', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${expected}`, () => {
      assert.equal(matchesSelector(parseLabelSelector(text), labels), expected);
    });
  }

  it('null selects nothing, an empty selector everything', () => {
    assert.equal(matchesSelector(null, labels), false);
    assert.equal(matchesSelector(null, {}), false);
    assert.equal(matchesSelector({ requirements: [] }, undefined), true);
  });

  it('treats absent labels as an empty set', () => {
    assert.equal(matchesSelector(parseLabelSelector('!a'), undefined), true);
    assert.equal(matchesSelector(parseLabelSelector('a'), undefined), false);
  });

  it('does not confuse inherited properties with labels', () => {
    assert.equal(matchesSelector(parseLabelSelector('constructor'), {}), false);
  });
});

describe('selectorFromLabelSelector', () => {
  it('maps matchLabels to Equals and expressions to set operators, sorted by key', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { tier: 'front', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    assert.deepEqual(sel, {
      requirements: [
        { key: 'app', operator: 'Equals', values: ['web'] },
        { key: 'canary', operator: 'DoesNotExist', values: [] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'tier', operator: 'Equals', values: ['front'] },
      ],
    });
  });

  it('null/undefined selects nothing; {} selects everything', () => {
    assert.equal(selectorFromLabelSelector(null), null);
    assert.equal(selectorFromLabelSelector(undefined), null);
    assert.deepEqual(selectorFromLabelSelector({}), { requirements: [] });
    assert.equal(labelSelectorMatches({}, { a: 'b' }), true);
    assert.equal(labelSelectorMatches(null, { a: 'b' }), false);
  });

  it('refuses invalid operators and value sets', () => {
    assert.throws(
      () => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] }),
      badRequest('"Gt" is not a valid label selector operator'),
    );
    assert.throws(
      () => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
      badRequest("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"),
    );
    assert.throws(
      () => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
      badRequest('values set must be empty for exists and does not exist'),
    );
    assert.throws(() => selectorFromLabelSelector({ matchLabels: { 'bad key': 'x' } }), badRequest('key: Invalid value: "bad key"'));
  });

  it('matches like the text form', () => {
    assert.equal(labelSelectorMatches({ matchLabels: { app: 'web' } }, { app: 'web', x: 'y' }), true);
    assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'c' }), false);
  });
});

describe('formatLabelSelector', () => {
  it('prints the SELECTOR column as kubectl does', () => {
    assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
    assert.equal(
      formatLabelSelector({
        matchLabels: { b: '2', a: '1' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['z', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      }),
      'a=1,b=2,env notin (prod),tier in (a,z),x,!y',
    );
  });

  it('prints <none> for empty or null and <error> for invalid', () => {
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(null), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] }), '<error>');
  });

  it('produces text that parses back to the same selector', () => {
    const sel: Selector = parseLabelSelector('app=web,tier in (b,a),!canary,env!=prod,partition,x notin (y,z),n>5');
    const text = selectorToString(sel);
    assert.equal(text, 'app=web,!canary,env!=prod,n>5,partition,tier in (a,b),x notin (y,z)');
    assert.deepEqual(parseLabelSelector(text), sel);
  });
});
