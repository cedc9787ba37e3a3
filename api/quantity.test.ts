import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from './errors.js';
import {
  compareQuantities,
  cpuToMillis,
  formatBytes,
  formatMillis,
  isValidQuantity,
  memoryToBytes,
  parseExactQuantity,
  parseQuantity,
} from './quantity.js';

describe('parseQuantity', () => {
  it('reads decimal SI suffixes', () => {
    assert.equal(parseQuantity('1'), 1);
    assert.equal(parseQuantity('250m'), 0.25);
    assert.equal(parseQuantity('100n'), 1e-7);
    assert.equal(parseQuantity('5u'), 5e-6);
    assert.equal(parseQuantity('2k'), 2000);
    assert.equal(parseQuantity('3M'), 3e6);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('1T'), 1e12);
    assert.equal(parseQuantity('1P'), 1e15);
    assert.equal(parseQuantity('1E'), 1e18);
  });

  it('reads binary suffixes', () => {
    assert.equal(parseQuantity('1Ki'), 1024);
    assert.equal(parseQuantity('512Mi'), 512 * 1024 ** 2);
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 1024 ** 3);
    assert.equal(parseQuantity('1Ti'), 1024 ** 4);
    assert.equal(parseQuantity('1Pi'), 1024 ** 5);
    assert.equal(parseQuantity('1Ei'), 1024 ** 6);
  });

  it('reads exponents, signs and fractions', () => {
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('1E3'), 1000);
    assert.equal(parseQuantity('1.5e-3'), 0.0015);
    assert.equal(parseQuantity('12e+2'), 1200);
    assert.equal(parseQuantity('-1'), -1);
    assert.equal(parseQuantity('+2'), 2);
    assert.equal(parseQuantity('.5'), 0.5);
    assert.equal(parseQuantity('5.'), 5);
    assert.equal(parseQuantity('0'), 0);
    assert.equal(parseQuantity('0.1'), 0.1);
  });

  it('refuses bad syntax with a BadRequest naming the regular expression', () => {
    for (const bad of ['', ' 1', '1 ', 'abc', '1K', '1e', '1Kii', '1.2.3', '1mi', '.', '-', 'Gi', '1Ki2', '1e3.5', '1 Gi']) {
      assert.throws(
        () => parseQuantity(bad),
        (err: unknown) => isApiError(err, 'BadRequest') && err.message.includes("quantities must match the regular expression"),
        `expected ${JSON.stringify(bad)} to be refused`,
      );
      assert.equal(isValidQuantity(bad), false, bad);
    }
  });

  it('refuses absurd exponents instead of building giant numbers', () => {
    assert.throws(() => parseQuantity('1e999999999'), (err: unknown) => isApiError(err, 'BadRequest'));
  });

  it('keeps the exact value', () => {
    assert.deepEqual(parseExactQuantity('1.5Gi'), { negative: false, mantissa: 15n, exp10: -1, exp2: 30 });
    assert.deepEqual(parseExactQuantity('-250m'), { negative: true, mantissa: 250n, exp10: -3, exp2: 0 });
  });
});

describe('isValidQuantity', () => {
  it('accepts what Kubernetes accepts', () => {
    for (const good of ['1', '100m', '0.5', '1Gi', '1e6', '+1', '-1', '007', '1.']) assert.equal(isValidQuantity(good), true, good);
  });
});

describe('cpuToMillis', () => {
  it('converts cores and millicores', () => {
    assert.equal(cpuToMillis('250m'), 250);
    assert.equal(cpuToMillis('0.5'), 500);
    assert.equal(cpuToMillis('2'), 2000);
    assert.equal(cpuToMillis(2), 2000);
    assert.equal(cpuToMillis(0.1), 100);
    assert.equal(cpuToMillis('0.1'), 100);
    assert.equal(cpuToMillis('1k'), 1_000_000);
  });

  it('rounds up as MilliValue does', () => {
    assert.equal(cpuToMillis('0.0001'), 1);
    assert.equal(cpuToMillis('1500u'), 2);
    assert.equal(cpuToMillis('100n'), 1);
    assert.equal(cpuToMillis('0'), 0);
  });

  it('throws on garbage', () => {
    assert.throws(() => cpuToMillis('lots'), (err: unknown) => isApiError(err, 'BadRequest'));
    assert.throws(() => cpuToMillis(Number.NaN), (err: unknown) => isApiError(err, 'BadRequest'));
  });
});

describe('memoryToBytes', () => {
  it('converts binary and decimal units', () => {
    assert.equal(memoryToBytes('1Ki'), 1024);
    assert.equal(memoryToBytes('128Mi'), 134217728);
    assert.equal(memoryToBytes('1G'), 1e9);
    assert.equal(memoryToBytes('1.5Gi'), 1610612736);
    assert.equal(memoryToBytes(4096), 4096);
    assert.equal(memoryToBytes('1e3'), 1000);
  });

  it('rounds fractional bytes up', () => {
    assert.equal(memoryToBytes('1500m'), 2);
    assert.equal(memoryToBytes('0.1'), 1);
  });
});

describe('compareQuantities', () => {
  it('compares exactly across units', () => {
    assert.equal(compareQuantities('1', '1000m'), 0);
    assert.equal(compareQuantities('1Gi', '1G'), 1);
    assert.equal(compareQuantities('500m', '0.6'), -1);
    assert.equal(compareQuantities('1Ki', 1024), 0);
    assert.equal(compareQuantities('-1', '0'), -1);
    assert.equal(compareQuantities('0.1', '100m'), 0);
  });
});

describe('formatBytes', () => {
  it('uses the largest exact binary suffix', () => {
    assert.equal(formatBytes(512 * 1024 * 1024), '512Mi');
    assert.equal(formatBytes(1024), '1Ki');
    assert.equal(formatBytes(1536 * 1024 * 1024), '1536Mi');
    assert.equal(formatBytes(2 * 1024 ** 3), '2Gi');
    assert.equal(formatBytes(1500), '1500');
    assert.equal(formatBytes(0), '0');
    assert.equal(formatBytes(1024 ** 6), '1Ei');
  });

  it('round-trips through memoryToBytes', () => {
    for (const q of ['64Mi', '3Gi', '1000', '7Ki']) assert.equal(formatBytes(memoryToBytes(q)), q);
  });
});

describe('formatMillis', () => {
  it('prints whole cores bare and the rest in millicores', () => {
    assert.equal(formatMillis(250), '250m');
    assert.equal(formatMillis(2000), '2');
    assert.equal(formatMillis(1500), '1500m');
    assert.equal(formatMillis(0), '0');
    assert.equal(formatMillis(0.4), '1m');
  });
});
