// A create that checked its namespace just before the namespace turned
// Terminating must not land in it: the namespace loop may already have
// emptied it. The registry runs in-process here so the race can be staged.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { createLogger } from '../../client/logger.js';
import { startEtcd, type TestEtcd } from '../../testkit/processes/etcd.js';
import type { RegistryContext } from '../registry/context.js';
import { Registry } from '../registry/registry.js';
import { EtcdStore } from '../storage/etcd-store.js';
import { KeySpace } from '../storage/keys.js';
import { LeasePool } from '../storage/lease-pool.js';
import { namespaceObject, pod } from '../../testkit/objects/apiserver-fixtures.js';

const PODS = findResource('pods') as ResourceInfo;
const NAMESPACES = findResource('namespaces') as ResourceInfo;

let etcd: TestEtcd;
let store: EtcdStore;
let logDir: string;

before(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'flotilla-ns-race-'));
  etcd = await startEtcd(logDir);
  store = new EtcdStore([etcd.endpoint]);
});

after(async () => {
  store?.close();
  await etcd?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

/** A store that runs `beforeCreate` once, right before the first guarded create reaches etcd. */
function storeWithHook(beforeCreate: () => Promise<void>): EtcdStore {
  let fired = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'create') return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: Parameters<EtcdStore['create']>) => {
        if (!fired && args[3]) {
          fired = true;
          await beforeCreate();
        }
        return target.create(...args);
      };
    },
  });
}

function registryOver(s: EtcdStore): Registry {
  const ctx: RegistryContext = {
    store: s,
    keys: new KeySpace('/registry'),
    eventLeases: new LeasePool(s),
    log: createLogger('namespace-race-test', 'silent'),
    now: Date.now,
  };
  return new Registry(ctx);
}

describe('namespace termination against a concurrent create', () => {
  it('refuses a create whose namespace turned Terminating after it was checked', async () => {
    const plain = registryOver(store);
    await plain.create(NAMESPACES, '', JSON.stringify(namespaceObject('racy')));
    const racing = registryOver(storeWithHook(async () => void (await plain.delete(NAMESPACES, '', 'racy'))));

    await assert.rejects(
      racing.create(PODS, 'racy', JSON.stringify(pod('late', 'racy'))),
      (err) => isApiError(err, 'Forbidden') && /unable to create new content in namespace racy because it is being terminated/.test(err.message),
    );
    const left = await plain.list(PODS, 'racy');
    assert.deepEqual(left.items, []);
  });

  it('retries a create when only an unrelated change of the namespace got in between', async () => {
    const plain = registryOver(store);
    await plain.create(NAMESPACES, '', JSON.stringify(namespaceObject('busy')));
    const relabel = async (): Promise<void> => void (await plain.patch(NAMESPACES, '', 'busy', 'MERGE', '{"metadata":{"labels":{"a":"b"}}}'));
    const racing = registryOver(storeWithHook(relabel));
    const created = await racing.create(PODS, 'busy', JSON.stringify(pod('fine', 'busy')));
    assert.equal(created.metadata.name, 'fine');
  });
});
