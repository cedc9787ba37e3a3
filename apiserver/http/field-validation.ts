// Server-side field validation (the `fieldValidation` query parameter kubectl
// 1.27+ sends as Strict by default): members a body names that the kind's
// schema does not declare are refused (Strict), reported as `Warning:`
// headers (Warn, Kubernetes' default) or let through (Ignore). Unknown fields
// are still kept in what is stored, as they always were.
import type { ServerResponse } from 'node:http';
import { badRequest } from '../../api/errors.js';
import { ref } from '../../api/openapi/builders.js';
import { unknownFields } from '../../api/openapi/unknown-fields.js';
import type { ResourceInfo } from '../../api/resources.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
const MODES: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];
const DEFAULT_MODE: FieldValidation = 'Warn';
/** The warn-code Kubernetes gives every API warning (RFC 7234's "miscellaneous persistent warning"). */
const WARNING_CODE = 299;
/** Strategic-merge directives (`$patch`, `$setElementOrder/containers`, ...) are not fields. */
const DIRECTIVE_PREFIX = '$';

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return DEFAULT_MODE;
  const mode = MODES.find((m) => m === value);
  if (!mode) throw badRequest(`fieldValidation must be one of ${MODES.join(', ')}, not ${JSON.stringify(value)}`);
  return mode;
}

function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (!key.startsWith(DIRECTIVE_PREFIX)) out[key] = withoutDirectives(child);
  return out;
}

/** `spec.replicaz`, as Kubernetes names unknown fields (no leading dot). */
function unknownIn(info: Pick<ResourceInfo, 'schema'>, body: unknown): string[] {
  return unknownFields(withoutDirectives(body), ref(info.schema.root), info.schema.components).map((p) => p.replace(/^\./, ''));
}

/**
 * Checks an object or merge-style patch body. Strict throws Kubernetes' strict
 * decoding error; Warn adds one `Warning` header per unknown field.
 */
export function validateFields(info: Pick<ResourceInfo, 'kind' | 'version' | 'schema'>, bodyText: string, mode: FieldValidation, res: ServerResponse): void {
  if (mode === 'Ignore') return;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Malformed JSON is the decoder's to report, with its own message.
    return;
  }
  const unknown = unknownIn(info, body);
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    const fields = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${fields}`);
  }
  res.setHeader(
    'Warning',
    unknown.map((f) => `${WARNING_CODE} - ${JSON.stringify(`unknown field "${f}"`)}`),
  );
}
