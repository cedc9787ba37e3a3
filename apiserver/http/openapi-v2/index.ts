// OpenAPI v2 (Swagger 2.0) for the HTTPS server: the handler, the document, and its gnostic protobuf form.
export { openApiV2Route, prepareOpenApiV2, negotiateOpenApiV2, OPENAPI_V2_PATH, OPENAPI_V2_PROTOBUF_TYPES, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, type PreparedOpenApiV2 } from './openapi-v2-route.js';
export { swaggerDocument, swaggerSchema } from './swagger-document.js';
export { encodeGnostic, decodeGnostic } from './gnostic-codec.js';
export type { SwaggerDocument, SwaggerOperation, SwaggerPathItem, SwaggerSchema } from './swagger-types.js';
