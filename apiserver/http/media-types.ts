// Content negotiation: what a request body is (Content-Type) and what the
// client will take back (Accept). Flotilla answers in JSON only; request bodies
// are JSON, or protobuf for the kinds decode-body.ts reads, and server-side apply
// configurations YAML; other bodies are refused with 415, and a client that accepts neither JSON nor a Table gets 406.
import { notAcceptable, unsupportedMediaType } from '../../api/errors.js';
import type { PatchType } from '../registry/patch.js';
import { parseAccept, type MediaRange } from './accept-header.js';
import { META_GROUP } from './meta-group.js';
import { PARTIAL_METADATA_KINDS, PARTIAL_METADATA_VERSIONS, type PartialMetadataVersion } from './partial-metadata.js';

export interface MediaType {
  /** `type/subtype`, lower-cased. */
  type: string;
  /** Parameters with lower-cased names; values as sent. */
  params: Record<string, string>;
}

export const JSON_MEDIA_TYPE = 'application/json';
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
export const MERGE_PATCH_MEDIA_TYPE = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH_MEDIA_TYPE = 'application/strategic-merge-patch+json';
export const JSON_PATCH_MEDIA_TYPE = 'application/json-patch+json';
export const APPLY_PATCH_MEDIA_TYPE = 'application/apply-patch+yaml';
export const APPLY_PATCH_CBOR_MEDIA_TYPE = 'application/apply-patch+cbor';

/** The group and versions of the server-side printing Table clients ask for. */
export { META_GROUP } from './meta-group.js';
export const TABLE_VERSIONS = ['v1', 'v1beta1'] as const;
export type TableVersion = (typeof TABLE_VERSIONS)[number];

const PATCH_TYPES: Record<string, PatchType> = {
  [MERGE_PATCH_MEDIA_TYPE]: 'MERGE',
  [STRATEGIC_MERGE_PATCH_MEDIA_TYPE]: 'STRATEGIC',
  [JSON_PATCH_MEDIA_TYPE]: 'JSON',
};

/** One media type with its parameters: `application/json;as=Table;v=v1;g=meta.k8s.io`. */
export function parseMediaType(text: string): MediaType {
  const [head, ...rest] = text.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    params[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: head.trim().toLowerCase(), params };
}

export type ResponseFormat =
  | { kind: 'object' }
  | { kind: 'table'; version: TableVersion }
  | { kind: 'metadata'; version: PartialMetadataVersion };

function acceptsJson(range: MediaRange): boolean {
  if (range.type === '*') return range.subtype === '*';
  return range.type === 'application' && (range.subtype === 'json' || range.subtype === '*');
}

function formatOf(range: MediaRange): ResponseFormat | undefined {
  if (!acceptsJson(range)) return undefined;
  const as = range.params.as;
  if (as === undefined) return { kind: 'object' };
  const version = TABLE_VERSIONS.find((v) => v === range.params.v);
  if (as === 'Table' && range.params.g === META_GROUP && version) return { kind: 'table', version };
  const metadataVersion = PARTIAL_METADATA_VERSIONS.find((v) => v === range.params.v);
  const asMetadata = (PARTIAL_METADATA_KINDS as readonly string[]).includes(as);
  if (asMetadata && range.params.g === META_GROUP && metadataVersion) return { kind: 'metadata', version: metadataVersion };
  return undefined;
}

/** The best format, by q and then the client's order, that Flotilla can produce. */
export function negotiateResponse(acceptHeader: string | undefined): ResponseFormat {
  for (const range of parseAccept(acceptHeader)) {
    const format = formatOf(range);
    if (format) return format;
  }
  throw notAcceptable(
    `only the following media types are accepted: ${JSON_MEDIA_TYPE}, ${JSON_MEDIA_TYPE};as=Table;v=v1;g=${META_GROUP}, ${JSON_MEDIA_TYPE};as=PartialObjectMetadata;v=v1;g=${META_GROUP} (got ${JSON.stringify(acceptHeader ?? '')})`,
  );
}

function contentTypeOf(header: string | undefined): string {
  return header ? parseMediaType(header).type : '';
}

/** Objects (create, update, binding, delete options) come as JSON; no Content-Type is read as JSON. */
export function assertJsonBody(contentTypeHeader: string | undefined): void {
  const type = contentTypeOf(contentTypeHeader);
  if (type === '' || type === JSON_MEDIA_TYPE) return;
  const why = type === PROTOBUF_MEDIA_TYPE ? 'protobuf request bodies are not supported yet' : `the body's media type "${type}" is not supported`;
  throw unsupportedMediaType(`${why}; send ${JSON_MEDIA_TYPE}`);
}

/** A server-side apply: the body is an apply configuration in YAML (or JSON, which is YAML). */
export function isApplyPatch(contentTypeHeader: string | undefined): boolean {
  return contentTypeOf(contentTypeHeader) === APPLY_PATCH_MEDIA_TYPE;
}

/** The patch type a PATCH's Content-Type names. */
export function patchTypeOf(contentTypeHeader: string | undefined): PatchType {
  const type = contentTypeOf(contentTypeHeader);
  const patchType = PATCH_TYPES[type];
  if (patchType) return patchType;
  const accepted = Object.keys(PATCH_TYPES).join(', ');
  if (type === APPLY_PATCH_CBOR_MEDIA_TYPE) {
    throw unsupportedMediaType(`CBOR apply configurations are not supported; send ${APPLY_PATCH_MEDIA_TYPE} or one of: ${accepted}`);
  }
  throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted}`);
}
