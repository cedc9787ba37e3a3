import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CidrSet, CidrSetError } from './cidr-set.js';

test('hands out /24s of a /16 in order, never twice, and says when none is left', () => {
  const set = new CidrSet('10.244.0.0/22', 24);
  assert.equal(set.capacity, 4);
  assert.deepEqual([set.allocateNext(), set.allocateNext(), set.allocateNext(), set.allocateNext()], ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24']);
  assert.throws(() => set.allocateNext(), (err: unknown) => err instanceof CidrSetError && err.reason === 'Full' && /no pod CIDR of size \/24 is left in the cluster CIDR 10.244.0.0\/22/.test(err.message));
});

test('a released subnet comes back only after the others (round robin)', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  const first = set.allocateNext();
  set.allocateNext();
  set.release(first);
  assert.equal(set.allocateNext(), '10.244.2.0/24');
  assert.equal(set.free, 256 - 2);
});

test('occupied subnets (rebuilt from Nodes) are skipped', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.occupy('10.244.0.0/24'), true);
  assert.equal(set.occupy('10.244.0.0/24'), false, 'a second claim on one subnet is reported');
  set.occupy('10.244.1.0/24');
  assert.equal(set.allocateNext(), '10.244.2.0/24');
});

test('subnets outside the cluster CIDR or of another size are not its own', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.contains('10.244.7.0/24'), true);
  assert.equal(set.contains('172.18.0.0/16'), false);
  assert.equal(set.contains('10.244.7.0/25'), false);
  assert.equal(set.contains('10.245.0.0/24'), false);
  assert.throws(() => set.occupy('10.245.0.0/24'), /not a \/24 subnet of the cluster CIDR 10.244.0.0\/16/);
});

test('bad flags are refused with the flag named', () => {
  assert.throws(() => new CidrSet('10.244.0.0', 24), /--cluster-cidr 10.244.0.0: expected an IPv4 CIDR/);
  assert.throws(() => new CidrSet('fd00::/64', 80), /--cluster-cidr fd00::\/64/);
  assert.throws(() => new CidrSet('10.244.0.0/16', 8), /--node-cidr-mask-size 8: must be between the cluster CIDR's prefix \(16\) and 32/);
  assert.throws(() => new CidrSet('10.0.0.0/8', 30), /more than 2\^16 node subnets/);
  assert.equal(new CidrSet('10.244.5.7/16', 24).clusterCIDR, '10.244.0.0/16');
});
