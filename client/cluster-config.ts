// Where a client finds the apiserver and what it shows it, as kubectl finds its
// kubeconfig: a flag wins, then the environment, then a config file, then the
// local default. Credential paths in the file are relative to the file's folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { ApiError } from '../api/errors.js';
import { lazyPackage } from '../api/lazy-package.js';
import { CREDENTIAL_FLAGS, loadApiCredentials, type ApiCredentials, type CredentialFiles, type CredentialKey, type CredentialNames } from './api-credentials.js';

/** Every component reads this module; most never find a config file to parse, so the YAML library (about 7 MiB) waits for one. */
const yaml = lazyPackage<typeof Yaml>('yaml');

export const DEFAULT_SERVER = '127.0.0.1:7443';
export const DEFAULT_NAMESPACE = 'default';
export const SERVER_ENV = 'FLOTILLA_SERVER';
export const CONFIG_ENV = 'FLOTILLA_CONFIG';
/** Relative to the home directory. */
export const DEFAULT_CONFIG_RELATIVE_PATH = join('.flotilla', 'config.yaml');
/** A file holding a token is readable by its owner only, as kubeconfigs are. */
const PRIVATE_FILE_MODE = 0o600;
const DEFAULT_FILE_MODE = 0o644;

export interface ClusterConfig {
  server: string;
  namespace: string;
  /** Where `server` came from, for messages: `--server flag`, `FLOTILLA_SERVER`, `file <path>`, `default`. */
  source: string;
  /** From the flags, else the file; empty: a plaintext channel, as before credentials existed. */
  credentials: ApiCredentials;
}

export interface LoadClusterConfigOptions {
  /** From a --server flag: wins over everything. */
  server?: string;
  /** From a --config flag: wins over FLOTILLA_CONFIG and the default path. */
  configPath?: string;
  /** From kubectl's global flags: each wins over the file's key (the client certificate and key as one pair). */
  credentials?: CredentialFiles;
  /** For tests; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** For tests; default os.homedir(). */
  homeDir?: string;
}

interface ConfigFile extends CredentialFiles {
  server?: string;
  namespace?: string;
}

/** What writeClusterConfig puts in the file; credential paths as the caller names them (relative to the working directory). */
export interface ClusterConfigContent extends CredentialFiles {
  server: string;
  namespace?: string;
}

const PATH_KEYS = ['certificateAuthority', 'clientCertificate', 'clientKey'] as const;
const CREDENTIAL_KEYS: readonly CredentialKey[] = [...PATH_KEYS, 'token'];

export function defaultConfigPath(homeDir = homedir()): string {
  return join(homeDir, DEFAULT_CONFIG_RELATIVE_PATH);
}

export function loadClusterConfig(opts: LoadClusterConfigOptions = {}): ClusterConfig {
  const env = opts.env ?? process.env;
  const named = opts.configPath || env[CONFIG_ENV] || undefined;
  const path = named ?? defaultConfigPath(opts.homeDir);
  const file = readConfigFile(path, named !== undefined);

  const namespace = file?.namespace || DEFAULT_NAMESPACE;
  const credentials = loadApiCredentials(...mergeCredentials(opts.credentials ?? {}, file ?? {}, path));
  if (opts.server) return { server: opts.server, namespace, source: '--server flag', credentials };
  const fromEnv = env[SERVER_ENV];
  if (fromEnv) return { server: fromEnv, namespace, source: SERVER_ENV, credentials };
  if (file?.server) return { server: file.server, namespace, source: `file ${path}`, credentials };
  return { server: DEFAULT_SERVER, namespace, source: 'default', credentials };
}

/**
 * The flags over the file, key by key, except that the client certificate and
 * key come together from one place: a flag's certificate with the file's key
 * would be a pair nobody chose. Names say where each came from, for messages.
 */
function mergeCredentials(flags: CredentialFiles, file: CredentialFiles, path: string): [CredentialFiles, CredentialNames] {
  const merged: CredentialFiles = {};
  const names: CredentialNames = { ...CREDENTIAL_FLAGS };
  const pairFromFile = flags.clientCertificate === undefined && flags.clientKey === undefined && (file.clientCertificate ?? file.clientKey) !== undefined;
  for (const key of CREDENTIAL_KEYS) {
    const isPair = key === 'clientCertificate' || key === 'clientKey';
    const fromFile = isPair ? pairFromFile : flags[key] === undefined && file[key] !== undefined;
    const value = fromFile ? file[key] : flags[key];
    if (fromFile) names[key] = `${key} in cluster config file ${path}`;
    if (value !== undefined) merged[key] = value;
  }
  return [merged, names];
}

/** Writes the YAML config, creating its folder; credential paths are stored relative to it, so the folder can move. */
export function writeClusterConfig(path: string, config: ClusterConfigContent): void {
  if (!config.server) throw new ApiError('BadRequest', 'a cluster config needs a server address');
  const body: ConfigFile = { server: config.server };
  if (config.namespace) body.namespace = config.namespace;
  for (const key of PATH_KEYS) {
    const file = config[key];
    if (file !== undefined) body[key] = relative(dirname(resolve(path)), resolve(file));
  }
  if (config.token !== undefined) body.token = config.token;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, yaml().stringify(body), { mode: config.token !== undefined ? PRIVATE_FILE_MODE : DEFAULT_FILE_MODE });
}

/**
 * A file the user named must exist and parse; the default file is optional and
 * a broken one is passed over, so a stray file never locks a user out.
 */
function readConfigFile(path: string, namedExplicitly: boolean): ConfigFile | undefined {
  if (!existsSync(path)) {
    if (namedExplicitly) throw new ApiError('BadRequest', `cluster config file ${path} does not exist`);
    return undefined;
  }
  try {
    return parseConfig(readFileSync(path, 'utf8'), path);
  } catch (err) {
    if (!namedExplicitly) return undefined;
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('BadRequest', `cannot read cluster config file ${path}: ${why}`);
  }
}

function parseConfig(text: string, path: string): ConfigFile {
  const doc: unknown = yaml().parse(text);
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('expected a mapping with "server" and "namespace"');
  const fields = doc as Record<string, unknown>;
  const { server, namespace } = fields;
  if (server !== undefined && (typeof server !== 'string' || server === '')) {
    throw new Error('"server" must be a non-empty string such as 127.0.0.1:7443');
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
    throw new Error('"namespace" must be a non-empty string');
  }
  const config: ConfigFile = { server, namespace };
  for (const key of CREDENTIAL_KEYS) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') throw new Error(`"${key}" must be a non-empty string`);
    config[key] = key === 'token' ? value : resolve(dirname(path), value);
  }
  return config;
}
