// Field selectors (`--field-selector spec.nodeName=n1,status.phase!=Failed`):
// parsing with Kubernetes' escaping rules, the per-resource set of selectable
// fields, and matching. A field an object lacks reads as "", as in Kubernetes.
import { badRequest } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types/meta.js';
import { arrayOf, recordOf } from '../validation/values.js';

export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

/** No requirements matches everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

type FieldExtractor = (obj: KubeObject) => string;

function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

const spec = (o: KubeObject) => recordOf(o.spec);
const status = (o: KubeObject) => recordOf(o.status);
const involved = (o: KubeObject) => recordOf(o.involvedObject);

/** The first pod IP, as Kubernetes takes it from status.podIPs (falling back to podIP). */
function podIp(o: KubeObject): string {
  const first = recordOf(arrayOf(status(o).podIPs)[0]).ip;
  return str(first ?? status(o).podIP);
}

const METADATA_FIELDS: Record<string, FieldExtractor> = {
  'metadata.name': (o) => str(o.metadata?.name),
  'metadata.namespace': (o) => str(o.metadata?.namespace),
};

/** Selectable fields beyond metadata, per resource plural (Kubernetes' *ToSelectableFields). */
const RESOURCE_FIELDS: Record<string, Record<string, FieldExtractor>> = {
  pods: {
    'spec.nodeName': (o) => str(spec(o).nodeName),
    'spec.restartPolicy': (o) => str(spec(o).restartPolicy),
    'spec.schedulerName': (o) => str(spec(o).schedulerName),
    'spec.serviceAccountName': (o) => str(spec(o).serviceAccountName),
    'spec.hostNetwork': (o) => String(spec(o).hostNetwork === true),
    'status.phase': (o) => str(status(o).phase),
    'status.podIP': podIp,
    'status.nominatedNodeName': (o) => str(status(o).nominatedNodeName),
  },
  events: {
    'involvedObject.kind': (o) => str(involved(o).kind),
    'involvedObject.namespace': (o) => str(involved(o).namespace),
    'involvedObject.name': (o) => str(involved(o).name),
    'involvedObject.uid': (o) => str(involved(o).uid),
    'involvedObject.apiVersion': (o) => str(involved(o).apiVersion),
    'involvedObject.resourceVersion': (o) => str(involved(o).resourceVersion),
    'involvedObject.fieldPath': (o) => str(involved(o).fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(recordOf(o.source).component),
    type: (o) => str(o.type),
  },
  nodes: {
    'spec.unschedulable': (o) => String(spec(o).unschedulable === true),
  },
  namespaces: {
    'status.phase': (o) => str(status(o).phase),
  },
  replicasets: {
    'status.replicas': (o) => str(status(o).replicas ?? 0),
  },
};

function extractorsFor(info: ResourceInfo): Record<string, FieldExtractor> {
  return { ...METADATA_FIELDS, ...(RESOURCE_FIELDS[info.plural] ?? {}) };
}

/** Every selectable field of an object, with its value. */
export function fieldSet(info: ResourceInfo, obj: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, extract] of Object.entries(extractorsFor(info))) out[name] = extract(obj);
  return out;
}

/** The field names a resource can be selected by. */
export function selectableFields(info: ResourceInfo): string[] {
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
export function parseFieldSelector(text: string, info: ResourceInfo): FieldSelector {
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

export function matchesFields(sel: FieldSelector, info: ResourceInfo, obj: KubeObject): boolean {
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
