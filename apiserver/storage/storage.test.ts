import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { Logger } from '../../client/logger.js';
import { decodeObject, encodeObject, withResourceVersion } from './codec.js';
import { Compactor } from './compactor.js';
import { prefixEnd } from './prefix-end.js';
import { KeySpace } from './keys.js';
import { LeasePool } from './lease-pool.js';

const PODS = findResource('pods') as ResourceInfo;
const NODES = findResource('nodes') as ResourceInfo;
const DEPLOYMENTS = findResource('deployments') as ResourceInfo;

const quietLog = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

describe('KeySpace', () => {
  const keys = new KeySpace('/registry/');
  it('lays out keys as DESIGN.md says', () => {
    assert.equal(keys.objectKey(PODS, 'default', 'web'), '/registry/core/pods/default/web');
    assert.equal(keys.objectKey(NODES, '', 'n1'), '/registry/core/nodes/n1');
    assert.equal(keys.objectKey(DEPLOYMENTS, 'prod', 'api'), '/registry/apps/deployments/prod/api');
  });

  it('ends prefixes with a slash so namespace "a" does not cover "ab"', () => {
    assert.equal(keys.resourcePrefix(PODS), '/registry/core/pods/');
    assert.equal(keys.resourcePrefix(PODS, 'a'), '/registry/core/pods/a/');
    assert.equal(keys.resourcePrefix(NODES, 'ignored'), '/registry/core/nodes/');
  });
});

describe('prefixEnd', () => {
  it('is the first key after every key with the prefix', () => {
    assert.equal(prefixEnd('/a/').toString(), '/a0');
    assert.equal(prefixEnd('a').toString(), 'b');
  });
});

describe('codec', () => {
  it('stores without resourceVersion and reads back with the mod revision', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '3' } };
    const stored = encodeObject(obj);
    assert.equal(JSON.parse(stored).metadata.resourceVersion, undefined);
    assert.equal(obj.metadata.resourceVersion, '3', 'the input is not modified');
    assert.equal(decodeObject(Buffer.from(stored), 42).metadata.resourceVersion, '42');
  });

  it('stamps a copy with another resourceVersion', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '3' } };
    assert.equal(withResourceVersion(obj, 9).metadata.resourceVersion, '9');
    assert.equal(obj.metadata.resourceVersion, '3');
  });
});

describe('LeasePool', () => {
  it('shares one lease per time bucket and grants TTL plus one bucket', async () => {
    let now = 1_000_000;
    const granted: number[] = [];
    const pool = new LeasePool(
      {
        grantLease: async (ttl: number) => {
          granted.push(ttl);
          return `lease-${granted.length}`;
        },
      },
      3600,
      60,
      () => now,
    );
    const a = await pool.leaseId();
    const b = await pool.leaseId();
    assert.equal(a, b);
    now += 61_000;
    const c = await pool.leaseId();
    assert.notEqual(c, a);
    assert.deepEqual(granted, [3660, 3660]);
  });

  it('forgets a failed grant', async () => {
    let fail = true;
    const pool = new LeasePool({ grantLease: async () => (fail ? Promise.reject(new Error('down')) : 'ok') }, 10, 60, () => 0);
    await assert.rejects(pool.leaseId(), /down/);
    fail = false;
    assert.equal(await pool.leaseId(), 'ok');
  });
});

describe('Compactor', () => {
  it('compacts to the revision seen one interval earlier', async () => {
    const revisions = [10, 25, 40];
    const compacted: number[] = [];
    const compactor = new Compactor(
      { currentRevision: async () => revisions.shift() ?? 0, compact: async (rev: number) => void compacted.push(rev) },
      300,
      quietLog,
    );
    await compactor.tick();
    assert.deepEqual(compacted, []);
    await compactor.tick();
    await compactor.tick();
    assert.deepEqual(compacted, [10, 25]);
  });
});
