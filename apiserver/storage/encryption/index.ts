// Encryption at rest as the apiserver turns it on: the store as given when no
// configuration file is named, else that store wrapped for the file's resources.
import type { Logger } from '../../../client/logger.js';
import type { ObjectStore } from '../object-store.js';
import { EncryptingStore } from './encrypting-store.js';
import { loadEncryptionConfig } from './encryption-config.js';
import { KeyTransformers } from './key-transformers.js';

export { EncryptionConfigError } from './encryption-config.js';

/**
 * Reads the file now, so a bad one (EncryptionConfigError, naming the file and
 * field) stops the apiserver before it opens etcd; the answer wraps a store.
 */
export function encryptionAtRest(configFile: string, etcdPrefix: string, log: Logger): (store: ObjectStore) => ObjectStore {
  if (!configFile) return (store) => store;
  const rules = loadEncryptionConfig(configFile);
  log.info(
    { resources: rules.flatMap((r) => r.resources), writers: rules.map((r) => r.chain.writer?.prefix ?? 'identity') },
    'encryption at rest configured',
  );
  const transformers = new KeyTransformers(etcdPrefix, rules);
  return (store) => new EncryptingStore(store, transformers);
}
