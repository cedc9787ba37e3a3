// Which provider chain covers an etcd key, from the configuration's resource
// names, and the chain's two directions: write with the first provider, read
// with whichever key wrote the value (or plain, when identity is listed).
import type { EncryptionRule, ProviderChain } from './encryption-config.js';
import { CORE_GROUP_SEGMENT } from '../keys.js';
import { DecryptError, ENCRYPTED_PREFIX } from './value-transformer.js';

/** Enough of a stored value to hold any `k8s:enc:<provider>:v1:<key name>:` prefix. */
const PREFIX_PEEK_BYTES = 256;
/** `k8s`, `enc`, provider, `v1`, key name. */
const PREFIX_PARTS = 5;

/** The prefix a value was written with, for messages. */
function writtenWith(stored: Buffer): string {
  return `${stored.subarray(0, PREFIX_PEEK_BYTES).toString('latin1').split(':').slice(0, PREFIX_PARTS).join(':')}:`;
}

/** The key prefix a resource name of the configuration covers, under `root`. */
export function resourceKeyPrefix(root: string, resource: string): string {
  const dot = resource.indexOf('.');
  const plural = dot < 0 ? resource : resource.slice(0, dot);
  const group = dot < 0 ? '' : resource.slice(dot + 1);
  if (group === '*') return `${root}/`;
  const groupSegment = group || CORE_GROUP_SEGMENT;
  return plural === '*' ? `${root}/${groupSegment}/` : `${root}/${groupSegment}/${plural}/`;
}

export function encryptValue(chain: ProviderChain, plain: Buffer, key: string): Buffer {
  return chain.writer ? chain.writer.transformer.toStorage(plain, key) : plain;
}

export function decryptValue(chain: ProviderChain, stored: Buffer, key: string): Buffer {
  if (!stored.subarray(0, ENCRYPTED_PREFIX.length).equals(Buffer.from(ENCRYPTED_PREFIX))) {
    if (chain.readsPlain) return stored;
    throw new DecryptError(`${key}: the value is not encrypted and the encryption configuration lists no identity provider to read it`);
  }
  const reader = chain.readers.find((r) => stored.subarray(0, r.prefix.length).equals(Buffer.from(r.prefix)));
  if (!reader) {
    throw new DecryptError(`${key}: no configured key reads values written with ${JSON.stringify(writtenWith(stored))}`);
  }
  try {
    return reader.transformer.fromStorage(stored, key);
  } catch (err) {
    throw new DecryptError(`${key}: cannot decrypt with ${reader.prefix}: ${(err as Error).message}`);
  }
}

/** The rules resolved to key prefixes, first match wins (as the file lists them). */
export class KeyTransformers {
  private readonly byPrefix: { prefix: string; chain: ProviderChain }[];

  constructor(root: string, rules: EncryptionRule[]) {
    const trimmed = root.replace(/\/+$/, '');
    this.byPrefix = rules.flatMap((rule) => rule.resources.map((resource) => ({ prefix: resourceKeyPrefix(trimmed, resource), chain: rule.chain })));
  }

  chainFor(key: string): ProviderChain | undefined {
    return this.byPrefix.find((entry) => key.startsWith(entry.prefix))?.chain;
  }
}
