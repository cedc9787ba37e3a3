// OpenAPI v3 for the HTTPS server: the handler, and the documents it serves.
export { openApiRoutes, prepareOpenApi, serverRelativeUrl, type PreparedOpenApi } from './openapi-routes.js';
export { groupVersionDocument, groupVersionDocuments, openApiPathKey } from './group-version-document.js';
export type { OpenApiDocument, OpenApiIndex, OpenApiOperation, OpenApiPathItem } from './document-types.js';
