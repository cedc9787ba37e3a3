// Field selectors (`--field-selector spec.nodeName=n1,status.phase!=Failed`):
// parsing with Kubernetes' escaping rules, and matching. Each kind's definition
// names its selectable fields beyond metadata; a field an object lacks reads
// as "", as in Kubernetes.
import { badRequest } from '../errors.js';
import type { FieldExtractor, KindDefinition } from '../kinds/kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { selectableValue } from './selectable-value.js';

export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

/** No requirements matches everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

const METADATA_FIELDS: Record<string, FieldExtractor> = {
  'metadata.name': (o) => selectableValue(o.metadata?.name),
  'metadata.namespace': (o) => selectableValue(o.metadata?.namespace),
};

function extractorsFor(info: KindDefinition): Readonly<Record<string, FieldExtractor>> {
  return { ...METADATA_FIELDS, ...info.fieldSelectors };
}

/** Every selectable field of an object, with its value. */
export function fieldSet(info: KindDefinition, obj: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, extract] of Object.entries(extractorsFor(info))) out[name] = extract(obj);
  return out;
}

/** The field names a resource can be selected by. */
export function selectableFields(info: KindDefinition): string[] {
  return Object.keys(extractorsFor(info));
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i += 1) {
    if (escaped) escaped = false;
    else if (text[i] === '\\') escaped = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

const TERM_OPERATORS: ReadonlyArray<[string, FieldRequirement['operator']]> = [
  ['!=', 'NotEquals'],
  ['==', 'Equals'],
  ['=', 'Equals'],
];

function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i += 1) {
    for (const [symbol, op] of TERM_OPERATORS) {
      if (term.startsWith(symbol, i)) return [term.slice(0, i), op, term.slice(i + symbol.length)];
    }
  }
  return undefined;
}

/** Kubernetes' UnescapeValue: `\\`, `\,` and `\=` are the only escapes; a bare `,` or `=` is an error. */
function unescapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '\\') {
      const next = value[i + 1];
      if (next !== '\\' && next !== ',' && next !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: ${value.slice(i, i + 2)}`);
      }
      out += next;
      i += 1;
    } else if (ch === ',' || ch === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${ch}`);
    } else {
      out += ch;
    }
  }
  return out;
}

/** Parses `a=b,c!=d,e==f` for a resource. Unknown fields are refused as Kubernetes does. */
export function parseFieldSelector(text: string, info: KindDefinition): FieldSelector {
  const supported = extractorsFor(info);
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, operator, rawValue] = parts;
    const value = unescapeValue(rawValue);
    if (!Object.prototype.hasOwnProperty.call(supported, field)) throw badRequest(`field label not supported: ${field}`);
    requirements.push({ field, operator, value });
  }
  return { requirements };
}

export function matchesFields(sel: FieldSelector, info: KindDefinition, obj: KubeObject): boolean {
  if (sel.requirements.length === 0) return true;
  const supported = extractorsFor(info);
  return sel.requirements.every((r) => {
    const extract = Object.prototype.hasOwnProperty.call(supported, r.field) ? supported[r.field] : undefined;
    const actual = extract ? extract(obj) : '';
    return r.operator === 'Equals' ? actual === r.value : actual !== r.value;
  });
}

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

/** The `--field-selector` text for a selector. */
export function formatFieldSelector(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator === 'Equals' ? '=' : '!='}${escapeValue(r.value)}`).join(',');
}
