// The ObjectStore contract against a real etcd: the same suite the memory
// store passes in its unit tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startEtcd, type TestEtcd } from '../../testkit/processes/etcd.js';
import { EtcdStore } from '../storage/etcd-store.js';
import { describeStoreContract } from '../storage/store-contract.js';

let etcd: TestEtcd;
let logDir: string;
const stores: EtcdStore[] = [];

before(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'flotilla-etcd-store-'));
  etcd = await startEtcd(logDir);
});

after(async () => {
  for (const store of stores) store.close();
  await etcd?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

describeStoreContract('etcd', () => {
  const store = new EtcdStore([etcd.endpoint]);
  stores.push(store);
  return store;
});
