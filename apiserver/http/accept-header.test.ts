import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admitsPlainJson, parseAccept } from './accept-header.js';

test('keeps parameters and orders by q, stable among equals', () => {
  const ranges = parseAccept('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, application/yaml;q=0.5, application/json');
  assert.deepEqual(
    ranges.map((r) => [r.subtype, r.params['v'] ?? '', r.q]),
    [
      ['json', 'v2', 1],
      ['json', '', 1],
      ['yaml', '', 0.5],
    ],
  );
});

test('a missing header accepts anything; q=0 excludes', () => {
  assert.ok(admitsPlainJson(parseAccept(undefined)[0]!));
  assert.deepEqual(parseAccept('application/json;q=0'), []);
});

test('plain JSON: application/json, application/*, */*, but not a JSON with as=', () => {
  for (const ok of ['application/json', 'application/*', '*/*']) assert.ok(admitsPlainJson(parseAccept(ok)[0]!), ok);
  for (const no of ['application/yaml', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'text/*']) {
    assert.ok(!admitsPlainJson(parseAccept(no)[0]!), no);
  }
});
