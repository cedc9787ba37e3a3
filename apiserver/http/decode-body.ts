// The text of an object body (create, update, delete options) for the registry,
// which reads JSON: JSON bodies as sent, protobuf bodies of the kinds kubectl
// 1.32+ creates that way (it has no JSON fallback) converted to the same JSON.
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { assertJsonBody, parseMediaType, PROTOBUF_MEDIA_TYPE } from './media-types.js';
import { assertProtobufKind, protobufBodyToJson } from './protobuf/decode-object.js';
import { utf8Text } from './read-body.js';

/** Whether the Content-Type names Kubernetes' protobuf encoding. */
export function isProtobufBody(contentTypeHeader: string | undefined): boolean {
  return contentTypeHeader !== undefined && parseMediaType(contentTypeHeader).type === PROTOBUF_MEDIA_TYPE;
}

/**
 * Refuses, before a byte is read, a body Flotilla cannot read for this resource:
 * media types other than JSON and protobuf, and protobuf for kinds it does not declare.
 */
export function assertReadableBody(contentTypeHeader: string | undefined, info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): void {
  if (isProtobufBody(contentTypeHeader)) return assertProtobufKind(apiVersionOf(info), info.kind);
  assertJsonBody(contentTypeHeader);
}

/** JSON text of the body: 415 for a media type or protobuf kind not read, 400 for malformed bytes. */
export function decodeBody(contentTypeHeader: string | undefined, body: Uint8Array, info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  assertReadableBody(contentTypeHeader, info);
  return isProtobufBody(contentTypeHeader) ? protobufBodyToJson(body) : utf8Text(body);
}
