// Where a client finds the apiserver, as kubectl finds its kubeconfig: a flag
// wins, then the environment, then a config file, then the local default.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ApiError } from '../api/errors.js';

export const DEFAULT_SERVER = '127.0.0.1:7443';
export const DEFAULT_NAMESPACE = 'default';
export const SERVER_ENV = 'FLOTILLA_SERVER';
export const CONFIG_ENV = 'FLOTILLA_CONFIG';
/** Relative to the home directory. */
export const DEFAULT_CONFIG_RELATIVE_PATH = join('.flotilla', 'config.yaml');

export interface ClusterConfig {
  server: string;
  namespace: string;
  /** Where `server` came from, for messages: `--server flag`, `FLOTILLA_SERVER`, `file <path>`, `default`. */
  source: string;
}

export interface LoadClusterConfigOptions {
  /** From a --server flag: wins over everything. */
  server?: string;
  /** From a --config flag: wins over FLOTILLA_CONFIG and the default path. */
  configPath?: string;
  /** For tests; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** For tests; default os.homedir(). */
  homeDir?: string;
}

interface ConfigFile {
  server?: string;
  namespace?: string;
}

export function defaultConfigPath(homeDir = homedir()): string {
  return join(homeDir, DEFAULT_CONFIG_RELATIVE_PATH);
}

export function loadClusterConfig(opts: LoadClusterConfigOptions = {}): ClusterConfig {
  const env = opts.env ?? process.env;
  const named = opts.configPath || env[CONFIG_ENV] || undefined;
  const path = named ?? defaultConfigPath(opts.homeDir);
  const file = readConfigFile(path, named !== undefined);

  const namespace = file?.namespace || DEFAULT_NAMESPACE;
  if (opts.server) return { server: opts.server, namespace, source: '--server flag' };
  const fromEnv = env[SERVER_ENV];
  if (fromEnv) return { server: fromEnv, namespace, source: SERVER_ENV };
  if (file?.server) return { server: file.server, namespace, source: `file ${path}` };
  return { server: DEFAULT_SERVER, namespace, source: 'default' };
}

/** Writes the YAML config, creating its folder. */
export function writeClusterConfig(path: string, config: { server: string; namespace?: string }): void {
  if (!config.server) throw new ApiError('BadRequest', 'a cluster config needs a server address');
  const body: ConfigFile = { server: config.server };
  if (config.namespace) body.namespace = config.namespace;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(body));
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
    return parseConfig(readFileSync(path, 'utf8'));
  } catch (err) {
    if (!namedExplicitly) return undefined;
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('BadRequest', `cannot read cluster config file ${path}: ${why}`);
  }
}

function parseConfig(text: string): ConfigFile {
  const doc: unknown = parse(text);
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('expected a mapping with "server" and "namespace"');
  const { server, namespace } = doc as Record<string, unknown>;
  if (server !== undefined && (typeof server !== 'string' || server === '')) {
    throw new Error('"server" must be a non-empty string such as 127.0.0.1:7443');
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
    throw new Error('"namespace" must be a non-empty string');
  }
  return { server, namespace };
}
