// The Swagger 2.0 document of every served kind, as /openapi/v2 serves it. It
// is derived from the OpenAPI v3 group-version documents, so both versions
// describe the same schemas and operations; only the notation differs.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import { refName } from '../../../api/openapi/refs.js';
import type { OpenApiSchema } from '../../../api/openapi/schema.js';
import { compareStrings } from '../discovery/served-resources.js';
import type { OpenApiOperation, OpenApiParameter, OpenApiPathItem, OpenApiResponse } from '../openapi/document-types.js';
import { groupVersionDocuments } from '../openapi/group-version-document.js';
import {
  SWAGGER_DEFINITION_REF_PREFIX,
  SWAGGER_METHODS,
  type SwaggerDocument,
  type SwaggerNonBodyParameter,
  type SwaggerOperation,
  type SwaggerParameter,
  type SwaggerPathItem,
  type SwaggerResponse,
  type SwaggerSchema,
} from './swagger-types.js';

const SCHEMES = ['https'] as const;
const BEARER_TOKEN = 'BearerToken';

function definitionRef(ref: string): string {
  const name = refName(ref);
  if (name === undefined) throw new Error(`reference ${ref} is outside #/components/schemas/`);
  return `${SWAGGER_DEFINITION_REF_PREFIX}${name}`;
}

/** The one reference a one-element allOf wraps, when that is all it holds. */
function wrappedRef(schema: OpenApiSchema): string | undefined {
  const only = schema.allOf?.length === 1 ? schema.allOf[0] : undefined;
  return only?.$ref !== undefined && Object.keys(only).length === 1 ? only.$ref : undefined;
}

/**
 * One schema in Swagger 2.0 notation, as Kubernetes writes its v2 document:
 * references point into `#/definitions/`; a reference wrapped in a one-element
 * allOf (OpenAPI 3 ignores siblings of `$ref`) becomes a `$ref` beside its
 * description and extensions; `nullable` has no v2 form; a oneOf of scalars
 * (Quantity, IntOrString) is published as the string it is usually written as.
 */
export function swaggerSchema(schema: OpenApiSchema): SwaggerSchema {
  const unwrapped = wrappedRef(schema);
  const out: Record<string, unknown> = {};
  if (unwrapped !== undefined) out['$ref'] = definitionRef(unwrapped);
  for (const [key, value] of Object.entries(schema) as [keyof OpenApiSchema, unknown][]) {
    switch (key) {
      case '$ref':
        out['$ref'] = definitionRef(schema.$ref ?? '');
        break;
      case 'allOf':
        if (unwrapped === undefined) out['allOf'] = (schema.allOf ?? []).map(swaggerSchema);
        break;
      case 'properties':
        out['properties'] = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, s]) => [name, swaggerSchema(s)]));
        break;
      case 'items':
      case 'additionalProperties': {
        const nested = schema[key];
        if (nested) out[key] = swaggerSchema(nested);
        break;
      }
      case 'oneOf':
        if (schema.type === undefined && (schema.oneOf ?? []).some((s) => s.type === 'string')) out['type'] = 'string';
        break;
      case 'nullable':
        break;
      default:
        out[key] = value;
    }
  }
  return out as SwaggerSchema;
}

function swaggerParameter(p: OpenApiParameter): SwaggerNonBodyParameter {
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    ...(p.required ? { required: true } : {}),
    type: p.schema.type,
    ...(p.schema.uniqueItems ? { uniqueItems: true } : {}),
  };
}

function swaggerResponse(r: OpenApiResponse): SwaggerResponse {
  // Every media type of a response carries the same schema.
  const schema = Object.values(r.content ?? {})[0]?.schema;
  return { description: r.description, ...(schema ? { schema: swaggerSchema(schema) } : {}) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function swaggerOperation(op: OpenApiOperation): SwaggerOperation {
  const bodyTypes = Object.keys(op.requestBody?.content ?? {});
  const bodySchema = Object.values(op.requestBody?.content ?? {})[0]?.schema;
  const produces = unique(Object.values(op.responses).flatMap((r) => Object.keys(r.content ?? {})));
  const parameters: SwaggerParameter[] = [
    ...(bodySchema ? [{ name: 'body', in: 'body', required: true, schema: swaggerSchema(bodySchema) } as const] : []),
    ...(op.parameters ?? []).map(swaggerParameter),
  ];
  return {
    tags: op.tags,
    description: op.description,
    ...(bodyTypes.length > 0 ? { consumes: bodyTypes } : {}),
    ...(produces.length > 0 ? { produces } : {}),
    schemes: SCHEMES,
    operationId: op.operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([code, r]) => [code, swaggerResponse(r)])),
    'x-kubernetes-action': op['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': op['x-kubernetes-group-version-kind'],
  };
}

function swaggerPathItem(item: OpenApiPathItem): SwaggerPathItem {
  const out: Record<string, unknown> = {};
  for (const method of SWAGGER_METHODS) {
    const op = item[method];
    if (op) out[method] = swaggerOperation(op);
  }
  if (item.parameters && item.parameters.length > 0) out['parameters'] = item.parameters.map(swaggerParameter);
  return out as SwaggerPathItem;
}

function sortedByKey<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareStrings(a, b)));
}

/**
 * The whole API in one document, as Kubernetes' /openapi/v2: every served
 * group-version's paths, and every component any of them reaches.
 */
export function swaggerDocument(kinds: readonly KindDefinition[], infoVersion: string): SwaggerDocument {
  const paths = new Map<string, SwaggerPathItem>();
  const definitions = new Map<string, SwaggerSchema>();
  const sources = new Map<string, string>();
  for (const doc of groupVersionDocuments(kinds, infoVersion).values()) {
    for (const [path, item] of Object.entries(doc.paths)) paths.set(path, swaggerPathItem(item));
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      // Each group-version document builds the shared meta components anew; one name is one schema.
      const text = JSON.stringify(schema);
      const seen = sources.get(name);
      if (seen !== undefined && seen !== text) throw new Error(`definition ${name} differs between group-versions`);
      sources.set(name, text);
      definitions.set(name, swaggerSchema(schema));
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: infoVersion },
    paths: sortedByKey(paths),
    definitions: sortedByKey(definitions),
    securityDefinitions: {
      [BEARER_TOKEN]: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' },
    },
    security: [{ [BEARER_TOKEN]: [] }],
  };
}
