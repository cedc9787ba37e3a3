// Reads the objects behind -f: files, directories (optionally recursive) and
// stdin, each holding YAML documents, JSON, or `kind: List`. Everything is
// read and checked before anything is sent, so one broken file stops the
// whole command instead of leaving half of it applied.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';

export interface Manifest {
  /** The file as the user named it, or `STDIN`. */
  source: string;
  /** 1-based position of the document within its file. */
  document: number;
  object: KubeObject;
}

export interface ReadManifestOptions {
  recursive: boolean;
  readStdin: () => string;
  /** apply needs a name; create also accepts metadata.generateName. */
  allowGenerateName: boolean;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
export const STDIN_SOURCE = 'STDIN';

interface SourceText {
  source: string;
  text: string;
}

function listDirectory(dir: string, recursive: boolean): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...listDirectory(path, recursive));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      files.push(path);
    }
  }
  return files;
}

function readSources(paths: readonly string[], opts: ReadManifestOptions): SourceText[] {
  const sources: SourceText[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ source: STDIN_SOURCE, text: opts.readStdin() });
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new CliError(`the path "${path}" does not exist`);
    }
    const files = isDirectory ? listDirectory(path, opts.recursive) : [path];
    for (const file of files) sources.push({ source: file, text: readFileSync(file, 'utf8') });
  }
  return sources;
}

/** The yaml library appends ` at line L, column C:` and a code excerpt; kubectl prints one line. */
function syntaxMessage(message: string): string {
  const firstLine = message.split('\n')[0];
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

interface UnsafeInteger {
  path: string;
  literal: string;
}

function memberPath(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

/**
 * The document with its integers as numbers. The parser keeps them as BigInt so
 * that one a double cannot hold exactly (99999999999999999999) is reported here,
 * with its path, instead of being rounded and sent.
 */
function withSafeIntegers(value: unknown, path: string, unsafe: UnsafeInteger[]): unknown {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(-Number.MAX_SAFE_INTEGER)) {
      unsafe.push({ path, literal: value.toString() });
    }
    return Number(value);
  }
  if (Array.isArray(value)) return value.map((item, i) => withSafeIntegers(item, `${path}[${i}]`, unsafe));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withSafeIntegers(v, memberPath(path, k), unsafe);
    return out;
  }
  return value;
}

function unsafeIntegerMessage(source: string, document: number, value: unknown, unsafe: UnsafeInteger): string {
  const obj = isObject(value) ? value : {};
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const what = typeof obj.kind === 'string' && typeof metadata.name === 'string' ? ` ${obj.kind} ${JSON.stringify(metadata.name)}` : '';
  return (
    `error validating "${source}" (document ${document}):${what} ${unsafe.path || '<root>'}: Invalid value: ${unsafe.literal}: ` +
    `integers beyond ±${Number.MAX_SAFE_INTEGER} cannot be sent exactly`
  );
}

function parseSource({ source, text }: SourceText): { document: number; value: unknown }[] {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, intAsBigInt: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: { document: number; value: unknown }[] = [];
  list.forEach((doc, i) => {
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      const where = line !== undefined ? `line ${line}: ` : '';
      throw new CliError(`error parsing ${source}: yaml: ${where}${syntaxMessage(problem.message)}`);
    }
    const unsafe: UnsafeInteger[] = [];
    const value = withSafeIntegers(doc.toJS(), '', unsafe);
    if (unsafe.length > 0) throw new CliError(unsafeIntegerMessage(source, i + 1, value, unsafe[0]));
    values.push({ document: i + 1, value });
  });
  return values;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `kind: List` (or any `*List` with items) holds objects; nested lists flatten too. */
function flatten(value: Record<string, unknown>): Record<string, unknown>[] {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item) => (isObject(item) ? flatten(item) : [item as Record<string, unknown>]));
  }
  return [value];
}

function problemsOf(obj: unknown, allowGenerateName: boolean): string[] {
  if (!isObject(obj)) return ['expected an object with apiVersion, kind and metadata'];
  const problems: string[] = [];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') problems.push('apiVersion not set');
  if (typeof obj.kind !== 'string' || obj.kind === '') problems.push('kind not set');
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const hasName = typeof metadata.name === 'string' && metadata.name !== '';
  const hasGenerateName = typeof metadata.generateName === 'string' && metadata.generateName !== '';
  if (!hasName && !(allowGenerateName && hasGenerateName)) problems.push('metadata.name not set');
  return problems;
}

export function readManifests(paths: readonly string[], opts: ReadManifestOptions): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const source of readSources(paths, opts)) {
    for (const { document, value } of parseSource(source)) {
      if (value === null || value === undefined) continue;
      const objects = isObject(value) ? flatten(value) : [value as Record<string, unknown>];
      for (const obj of objects) {
        const found = problemsOf(obj, opts.allowGenerateName);
        if (found.length > 0) {
          problems.push(`error validating "${source.source}" (document ${document}): ${found.join(', ')}`);
          continue;
        }
        const object = obj as unknown as KubeObject;
        manifests.push({ source: source.source, document, object: { ...object, metadata: { ...(object.metadata ?? {}) } } });
      }
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('\nerror: '));
  return manifests;
}
