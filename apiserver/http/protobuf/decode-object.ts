// Reads a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) into the JSON text
// the same object would have had as a JSON body, so the registry sees one shape.
import protobuf from 'protobufjs';
import { badRequest, unsupportedMediaType } from '../../../api/errors.js';
import { SERVED_DEFINITIONS } from '../../../api/kinds/served-versions.js';
import { apiVersionOf } from '../../../api/resources.js';
import {
  FIELDS_V1_TYPE,
  INLINE_OPTION,
  INT_OR_STRING_TYPE,
  KEEP_ZERO_OPTION,
  MICRO_TIME_TYPE,
  QUANTITY_TYPE,
  RAW_EXTENSION_TYPE,
  TIME_TYPE,
  UNKNOWN_TYPE,
  apiPackageOf,
  declaresPackage,
  messageType,
} from './k8s-messages.js';

/** Every Kubernetes protobuf body starts with these four bytes: "k8s" and a zero. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** IntOrString's `type` when it holds a string (0 is an int). */
const INT_OR_STRING_STRING = 1;
const MILLIS_PER_SECOND = 1000;
const NANOS_PER_MICRO = 1000;
const MICRO_DIGITS = 6;

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };
/** What protobufjs' toObject gives: plain fields, longs as numbers, bytes as base64. */
type PlainMessage = Record<string, unknown>;

/** policy/v1beta1's Eviction is v1's, field for field. */
const READ_AS: Record<string, string> = { 'policy/v1beta1': 'policy/v1' };

/** The package of an apiVersion whose bodies can be read, or undefined. */
function packageFor(apiVersion: string): string | undefined {
  const pkg = apiPackageOf(READ_AS[apiVersion] ?? apiVersion);
  return declaresPackage(pkg) ? pkg : undefined;
}

/** What is sent besides the served kinds: the bodies of pods/eviction, serviceaccounts/token and the authorization reviews, which are never stored. */
const SUBRESOURCE_BODIES = [
  { apiVersion: 'policy/v1', kind: 'Eviction' },
  { apiVersion: 'policy/v1beta1', kind: 'Eviction' },
  { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview' },
  { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview' },
  { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' },
];

/**
 * The kinds whose protobuf bodies Flotilla reads, by `apiVersion/kind`: every served kind (in every served version) whose
 * group-version has declared messages, and Eviction. A kind without them answers 415 rather than
 * keeping the apiserver from starting; a unit test (decode-body.test.ts) insists every served kind has them.
 */
const SUPPORTED_KINDS: Record<string, string> = Object.fromEntries(
  [...SERVED_DEFINITIONS.map((k) => ({ apiVersion: apiVersionOf(k), kind: k.kind })), ...SUBRESOURCE_BODIES]
    .flatMap(({ apiVersion, kind }) => {
      const pkg = packageFor(apiVersion);
      return pkg === undefined ? [] : [[`${apiVersion}/${kind}`, `${pkg}.${kind}`]];
    }),
);

const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: Number, bytes: String, defaults: false };

export function supportedKindsText(): string {
  return Object.keys(SUPPORTED_KINDS)
    .map((key) => {
      const slash = key.lastIndexOf('/');
      return `${key.slice(slash + 1)} (${key.slice(0, slash)})`;
    })
    .join(', ');
}

function unsupportedKind(what: string): Error {
  return unsupportedMediaType(`protobuf bodies of ${what} are not supported; protobuf bodies are supported for: ${supportedKindsText()}; send application/json`);
}

/** Whether protobuf bodies of this apiVersion and kind can be read. */
export function isProtobufKind(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in SUPPORTED_KINDS;
}

/** RFC 3339 in UTC to the second, with `fraction` digits after it when given, as Go's JSON writes times. */
function rfc3339(seconds: number, fraction = ''): string {
  const date = new Date(seconds * MILLIS_PER_SECOND);
  if (Number.isNaN(date.getTime())) throw badRequest(`the protobuf body holds a time out of range (${seconds} seconds)`);
  return date.toISOString().replace(/\.\d{3}Z$/, fraction ? `.${fraction}Z` : 'Z');
}

/** Go's metav1.Time in JSON: to the second; the zero time is left out. */
function timeToJson(value: PlainMessage): string | undefined {
  const seconds = Number(value.seconds ?? 0);
  const nanos = Number(value.nanos ?? 0);
  return seconds === 0 && nanos === 0 ? undefined : rfc3339(seconds);
}

/** Go's metav1.MicroTime in JSON: to the microsecond. */
function microTimeToJson(value: PlainMessage): string | undefined {
  const seconds = Number(value.seconds ?? 0);
  const nanos = Number(value.nanos ?? 0);
  if (seconds === 0 && nanos === 0) return undefined;
  return rfc3339(seconds, String(Math.floor(nanos / NANOS_PER_MICRO)).padStart(MICRO_DIGITS, '0'));
}

/** JSON text carried as bytes (FieldsV1, RawExtension) is the JSON value itself in JSON. */
function embeddedJson(bytes: unknown, what: string): JsonValue | undefined {
  if (typeof bytes !== 'string' || bytes === '') return undefined;
  try {
    return JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) as JsonValue;
  } catch {
    throw badRequest(`the protobuf body holds ${what} that is not JSON`);
  }
}

/** The JSON form of the messages that JSON does not show as objects; undefined for the rest. */
function specialToJson(type: protobuf.Type, value: PlainMessage): { json: JsonValue | undefined } | undefined {
  switch (type.fullName.slice(1)) {
    case TIME_TYPE:
      return { json: timeToJson(value) };
    case MICRO_TIME_TYPE:
      return { json: microTimeToJson(value) };
    case RAW_EXTENSION_TYPE:
      return { json: embeddedJson(value.raw, 'an embedded object') };
    case QUANTITY_TYPE:
      return { json: typeof value.string === 'string' ? value.string : '' };
    case INT_OR_STRING_TYPE:
      return { json: Number(value.type ?? 0) === INT_OR_STRING_STRING ? String(value.strVal ?? '') : Number(value.intVal ?? 0) };
    case FIELDS_V1_TYPE:
      return { json: embeddedJson(value.Raw, 'managedFields whose fieldsV1') };
    default:
      return undefined;
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function isPlainMessage(value: unknown): value is PlainMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value of a field: a message converted by its type, a scalar as it is. */
function valueToJson(field: protobuf.Field, value: unknown): JsonValue | undefined {
  if (field.resolvedType instanceof protobuf.Type) {
    if (!isPlainMessage(value)) return undefined;
    return messageToJson(field.resolvedType, value);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/**
 * A message as Kubernetes' JSON shows it: fields by their JSON names, unset and
 * omitempty zero fields left out, embedded structs lifted into their parent.
 */
export function messageToJson(type: protobuf.Type, value: PlainMessage): JsonValue | undefined {
  const special = specialToJson(type, value);
  if (special) return special.json;
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const raw = value[field.name];
    if (raw === undefined || raw === null) continue;
    if (field.map) {
      if (!isPlainMessage(raw)) continue;
      const entries: JsonObject = {};
      for (const [key, entry] of Object.entries(raw)) {
        const json = valueToJson(field, entry);
        if (json !== undefined) entries[key] = json;
      }
      if (Object.keys(entries).length > 0) out[field.name] = entries;
    } else if (field.repeated) {
      if (!Array.isArray(raw)) continue;
      const items = raw.map((item) => valueToJson(field, item) ?? null);
      if (items.length > 0) out[field.name] = items;
    } else if (field.getOption(INLINE_OPTION)) {
      const inner = valueToJson(field, raw);
      if (isPlainMessage(inner)) Object.assign(out, inner);
    } else {
      if (isZero(raw) && !field.getOption(KEEP_ZERO_OPTION)) continue;
      const json = valueToJson(field, raw);
      if (json !== undefined) out[field.name] = json;
    }
  }
  return out;
}

function decodeMessage(type: protobuf.Type, bytes: Uint8Array, what: string): PlainMessage {
  try {
    return type.toObject(type.decode(bytes), TO_OBJECT_OPTIONS);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw badRequest(`the protobuf body is malformed: ${what}: ${reason}`);
  }
}

/**
 * The JSON text of a protobuf body. 400 when the bytes are not a Kubernetes
 * protobuf object; 415 when the object is of a kind Flotilla does not read as protobuf.
 */
export function protobufBodyToJson(body: Uint8Array): string {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.equals(body.subarray(0, PROTOBUF_MAGIC.length))) {
    throw badRequest('the protobuf body does not start with the Kubernetes protobuf prefix "k8s\\0"');
  }
  const unknown = decodeMessage(messageType(UNKNOWN_TYPE), body.subarray(PROTOBUF_MAGIC.length), 'the envelope');
  const typeMeta = isPlainMessage(unknown.typeMeta) ? unknown.typeMeta : {};
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  if (typeof unknown.contentEncoding === 'string' && unknown.contentEncoding !== '') {
    throw unsupportedMediaType(`protobuf bodies with the content encoding "${unknown.contentEncoding}" are not supported`);
  }
  const fullName = SUPPORTED_KINDS[`${apiVersion}/${kind}`];
  if (!fullName) throw unsupportedKind(kind === '' ? 'an object without a kind' : `${kind} (${apiVersion || 'no apiVersion'})`);
  const type = messageType(fullName);
  const raw = typeof unknown.raw === 'string' ? Buffer.from(unknown.raw, 'base64') : Buffer.alloc(0);
  const object = messageToJson(type, decodeMessage(type, raw, kind));
  return JSON.stringify({ apiVersion, kind, ...(isPlainMessage(object) ? object : {}) });
}

/** A 415 for a resource whose kind is not read as protobuf, before reading its body. */
export function assertProtobufKind(apiVersion: string, kind: string): void {
  if (!isProtobufKind(apiVersion, kind)) throw unsupportedKind(`${kind} (${apiVersion})`);
}
