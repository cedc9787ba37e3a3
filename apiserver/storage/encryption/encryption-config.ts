// kube-apiserver's --encryption-provider-config file (apiserver.config.k8s.io/v1
// EncryptionConfiguration): which resources are encrypted, and by which
// providers. The first provider of an entry encrypts; every provider (every key
// of it) decrypts, so a new key goes first and the old one stays to read old
// values. A bad file is refused whole, with the path of the bad field.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { aesCbcTransformer, aesGcmTransformer } from './aes-transformers.js';
import { keyPrefix, type ValueTransformer } from './value-transformer.js';

export const ENCRYPTION_CONFIG_API_VERSION = 'apiserver.config.k8s.io/v1';
export const ENCRYPTION_CONFIG_KIND = 'EncryptionConfiguration';

/** Key sizes in bytes each provider accepts, as upstream checks them. */
const KEY_BYTES: Record<string, number[]> = { aesgcm: [16, 24, 32], aescbc: [32] };
const MAKERS: Record<string, (prefix: string, key: Buffer) => ValueTransformer> = { aesgcm: aesGcmTransformer, aescbc: aesCbcTransformer };
/** Providers of the format this apiserver cannot run, and why. */
const REFUSED: Record<string, string> = {
  secretbox: 'secretbox (XSalsa20-Poly1305) is not available in this apiserver; use aesgcm or aescbc',
  kms: 'kms plugins are not available in this apiserver; use aesgcm or aescbc',
};
const PROVIDER_NAMES = ['identity', ...Object.keys(KEY_BYTES), ...Object.keys(REFUSED)];
/** `secrets`, `deployments.apps`, `*.apps`, `*.` (the core group) or `*.*`. */
const RESOURCE_NAME = /^([a-z0-9-]+(\.[a-z0-9.-]+)?|\*\.(\*|[a-z0-9.-]*))$/;
/** The prefix delimiter; a key name holding it would make prefixes ambiguous. */
const NAME_FORBIDDEN = ':';

/** One key of one provider: the prefix its values carry and its cipher. */
export interface KeyedReader {
  prefix: string;
  transformer: ValueTransformer;
}

/** The providers of one configuration entry, ready to use. */
export interface ProviderChain {
  /** The provider and key that writes; undefined when identity comes first (values stay plain). */
  writer: KeyedReader | undefined;
  readers: KeyedReader[];
  /** identity is listed, so values without an encryption prefix still read. */
  readsPlain: boolean;
}

/** One entry: the resources it covers (`secrets`, `deployments.apps`, `*.apps`, `*.*`) and their chain. */
export interface EncryptionRule {
  resources: string[];
  chain: ProviderChain;
}

/** A bad configuration file; the message names the field. */
export class EncryptionConfigError extends Error {
  override readonly name = 'EncryptionConfigError';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, why: string): never {
  throw new EncryptionConfigError(`${field}: ${why}`);
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) fail(field, 'Required value: a non-empty list');
  return value;
}

function decodeKey(secret: unknown, field: string, sizes: number[]): Buffer {
  if (typeof secret !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0) {
    fail(field, 'Invalid value: must be a base64-encoded key');
  }
  const key = Buffer.from(secret, 'base64');
  if (!sizes.includes(key.length)) fail(field, `Invalid value: the key is ${key.length} bytes; must be ${sizes.join(', ')} bytes`);
  return key;
}

function keyedReaders(provider: string, body: unknown, field: string): KeyedReader[] {
  if (!isRecord(body)) fail(field, 'Required value: keys');
  const names = new Set<string>();
  return list(body.keys, `${field}.keys`).map((key, i) => {
    const at = `${field}.keys[${i}]`;
    if (!isRecord(key)) fail(at, 'Invalid value: must be an object with name and secret');
    const name = key.name;
    if (typeof name !== 'string' || name === '') fail(`${at}.name`, 'Required value');
    if (name.includes(NAME_FORBIDDEN)) fail(`${at}.name`, `Invalid value: "${name}": must not contain "${NAME_FORBIDDEN}"`);
    if (names.has(name)) fail(`${at}.name`, `Duplicate value: "${name}"`);
    names.add(name);
    const prefix = keyPrefix(provider, name);
    return { prefix, transformer: MAKERS[provider](prefix, decodeKey(key.secret, `${at}.secret`, KEY_BYTES[provider])) };
  });
}

function providerChain(value: unknown, field: string): ProviderChain {
  const chain: ProviderChain = { writer: undefined, readers: [], readsPlain: false };
  list(value, field).forEach((entry, i) => {
    const at = `${field}[${i}]`;
    const kinds = isRecord(entry) ? Object.keys(entry) : [];
    if (kinds.length !== 1) fail(at, `Invalid value: exactly one provider per entry (${PROVIDER_NAMES.join(', ')})`);
    const provider = kinds[0];
    if (provider in REFUSED) fail(`${at}.${provider}`, `Unsupported value: ${REFUSED[provider]}`);
    if (provider === 'identity') {
      chain.readsPlain = true;
      return;
    }
    if (!(provider in KEY_BYTES)) fail(`${at}.${provider}`, `Unsupported value: supported providers: ${PROVIDER_NAMES.join(', ')}`);
    const readers = keyedReaders(provider, (entry as Json)[provider], `${at}.${provider}`);
    if (i === 0) chain.writer = readers[0];
    chain.readers.push(...readers);
  });
  return chain;
}

function resourceNames(value: unknown, field: string, seen: Set<string>): string[] {
  return list(value, field).map((name, i) => {
    const at = `${field}[${i}]`;
    if (typeof name !== 'string' || !RESOURCE_NAME.test(name)) {
      fail(at, `Invalid value: ${JSON.stringify(name)}: must be resource, resource.group, *.group or *.*`);
    }
    if (seen.has(name)) fail(at, `Duplicate value: "${name}" is already configured by an earlier entry`);
    seen.add(name);
    return name;
  });
}

/** Checks a parsed configuration and builds its rules; throws EncryptionConfigError. */
export function encryptionRules(doc: unknown): EncryptionRule[] {
  if (!isRecord(doc)) fail('(root)', 'Invalid value: must be an EncryptionConfiguration object');
  if (doc.apiVersion !== ENCRYPTION_CONFIG_API_VERSION) fail('apiVersion', `Unsupported value: ${JSON.stringify(doc.apiVersion)}: must be ${ENCRYPTION_CONFIG_API_VERSION}`);
  if (doc.kind !== ENCRYPTION_CONFIG_KIND) fail('kind', `Unsupported value: ${JSON.stringify(doc.kind)}: must be ${ENCRYPTION_CONFIG_KIND}`);
  const seen = new Set<string>();
  return list(doc.resources, 'resources').map((entry, i) => {
    const at = `resources[${i}]`;
    if (!isRecord(entry)) fail(at, 'Invalid value: must be an object with resources and providers');
    return { resources: resourceNames(entry.resources, `${at}.resources`, seen), chain: providerChain(entry.providers, `${at}.providers`) };
  });
}

/** Reads and checks the file; the error names the file and the field. */
export function loadEncryptionConfig(path: string): EncryptionRule[] {
  try {
    return encryptionRules(parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new EncryptionConfigError(`--encryption-provider-config ${path}: ${(err as Error).message}`);
  }
}
