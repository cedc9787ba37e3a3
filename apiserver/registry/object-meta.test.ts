import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateName, MAX_GENERATE_NAME_BASE, rfc3339 } from './object-meta.js';

describe('generateName', () => {
  it('appends five characters from the Kubernetes alphabet', () => {
    assert.match(generateName('web-'), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('cuts a long base so the name stays a DNS label', () => {
    const name = generateName('x'.repeat(80));
    assert.equal(name.length, MAX_GENERATE_NAME_BASE + 5);
    assert.ok(name.length <= 63);
  });
});

describe('rfc3339', () => {
  it('renders whole seconds in UTC', () => {
    assert.equal(rfc3339(Date.parse('2026-01-02T03:04:05.987Z')), '2026-01-02T03:04:05Z');
  });
});
