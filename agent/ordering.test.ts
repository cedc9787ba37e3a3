import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byCodeUnits, byIPv4 } from './ordering.js';

describe('agent orderings', () => {
  it('orders RFC 3339 times in time order and ids as bytes', () => {
    assert.deepEqual(['2024-05-06T07:08:10Z', '2024-05-06T07:08:09Z', '2023-12-31T23:59:59Z'].sort(byCodeUnits), ['2023-12-31T23:59:59Z', '2024-05-06T07:08:09Z', '2024-05-06T07:08:10Z']);
    assert.deepEqual(['b', 'B', 'a', 'a'].sort(byCodeUnits), ['B', 'a', 'a', 'b']);
  });

  it('orders IPv4 addresses by value, other text after them', () => {
    assert.deepEqual(['10.0.0.10', 'x', '10.0.0.9', '9.255.0.1', '10.0.1.0'].sort(byIPv4), ['9.255.0.1', '10.0.0.9', '10.0.0.10', '10.0.1.0', 'x']);
    assert.equal(byIPv4('10.0.0.1', '10.0.0.1'), 0);
  });
});
