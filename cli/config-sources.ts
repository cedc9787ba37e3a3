// The data of `create configmap` and `create secret generic`, gathered as
// kubectl gathers it: --from-literal=key=value, --from-file=[key=]path (a
// directory gives one key per regular file in it), --from-env-file=path
// (KEY=value lines). ConfigMaps keep UTF-8 text in data and other bytes in
// binaryData; Secrets keep everything base64 in data.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ConfigMap, Secret } from '../api/types/config.js';
import { configMapKeyErrors } from '../api/validation/names.js';
import { CliError } from './cli-error.js';

export interface ConfigSourceFlags {
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
}

/** Raw key → bytes, in the order given; what the two object builders share. */
type Entries = Map<string, Buffer>;

/** The kubelet's environment variable name rule, which env-file keys must pass (kubectl checks it). */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const UTF8_BOM = '\uFEFF';

function addEntry(entries: Entries, kind: string, name: string, key: string, value: Buffer): void {
  const problems = configMapKeyErrors(key);
  if (problems.length > 0) throw new CliError(`"${key}" is not a valid key name for a ${kind}: ${problems.join('; ')}`);
  if (entries.has(key)) throw new CliError(`cannot add key "${key}", another key by that name already exists in Data for ${kind} "${name}"`);
  entries.set(key, value);
}

function literalEntries(entries: Entries, kind: string, name: string, literals: readonly string[]): void {
  for (const literal of literals) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid literal source ${literal}, expected key=value`);
    addEntry(entries, kind, name, literal.slice(0, eq), Buffer.from(literal.slice(eq + 1), 'utf8'));
  }
}

function fileEntries(entries: Entries, kind: string, name: string, sources: readonly string[]): void {
  for (const source of sources) {
    const eq = source.indexOf('=');
    const key = eq > 0 ? source.slice(0, eq) : undefined;
    const path = eq > 0 ? source.slice(eq + 1) : source;
    if (eq === 0 || path === '') throw new CliError(`key names or file paths cannot contain '='`);
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) throw new CliError(`error reading ${path}: no such file or directory`);
    if (info.isDirectory()) {
      if (key !== undefined) throw new CliError('cannot give a key name for a directory path');
      for (const file of readdirSync(path).sort()) {
        const full = join(path, file);
        if (statSync(full).isFile()) addEntry(entries, kind, name, file, readFileSync(full));
      }
      continue;
    }
    addEntry(entries, kind, name, key ?? basename(path), readFileSync(path));
  }
}

function envFileEntries(entries: Entries, kind: string, name: string, paths: readonly string[]): void {
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    text.split('\n').forEach((raw, i) => {
      let line = raw.replace(/\r$/, '');
      if (i === 0) line = line.replace(UTF8_BOM, '');
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const eq = line.indexOf('=');
      const key = (eq >= 0 ? line.slice(0, eq) : line).trimStart();
      if (!ENV_VAR_NAME.test(key)) throw new CliError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`);
      // A bare KEY takes its value from the environment, as kubectl does; unset, it is skipped.
      const value = eq >= 0 ? line.slice(eq + 1) : process.env[key];
      if (value !== undefined) addEntry(entries, kind, name, key, Buffer.from(value, 'utf8'));
    });
  }
}

function gather(kind: string, name: string, flags: ConfigSourceFlags): Entries {
  const envFiles = flags.fromEnvFile ?? [];
  if (envFiles.length > 0 && ((flags.fromFile ?? []).length > 0 || (flags.fromLiteral ?? []).length > 0)) {
    throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  }
  const entries: Entries = new Map();
  fileEntries(entries, kind, name, flags.fromFile ?? []);
  literalEntries(entries, kind, name, flags.fromLiteral ?? []);
  envFileEntries(entries, kind, name, envFiles);
  return entries;
}

function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

export function buildConfigMap(name: string, flags: ConfigSourceFlags): ConfigMap {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const [key, bytes] of gather('ConfigMap', name, flags)) {
    if (isUtf8(bytes)) data[key] = bytes.toString('utf8');
    else binaryData[key] = bytes.toString('base64');
  }
  const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } };
  if (Object.keys(data).length > 0) cm.data = data;
  if (Object.keys(binaryData).length > 0) cm.binaryData = binaryData;
  return cm;
}

export function buildSecret(name: string, type: string | undefined, flags: ConfigSourceFlags): Secret {
  const data: Record<string, string> = {};
  for (const [key, bytes] of gather('Secret', name, flags)) data[key] = bytes.toString('base64');
  const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data };
  if (type) secret.type = type;
  return secret;
}
