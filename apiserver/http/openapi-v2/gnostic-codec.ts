// A Swagger 2.0 document to gnostic's protobuf messages and back. The messages
// are plain objects shaped like gnostic-messages.ts (snake_case names, oneofs
// as one present member); protobufjs writes and reads them. Decoding exists so
// tests can check that what kubectl reads is the JSON document, field by field.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { GNOSTIC_DOCUMENT } from './gnostic-messages.js';
import type {
  SwaggerApiKeySecurity,
  SwaggerDocument,
  SwaggerOperation,
  SwaggerParameter,
  SwaggerPathItem,
  SwaggerResponse,
  SwaggerSchema,
} from './swagger-types.js';
import { SWAGGER_METHODS } from './swagger-types.js';

interface GnosticAny {
  yaml: string;
}
interface GnosticNamedAny {
  name: string;
  value: GnosticAny;
}
interface GnosticNamed<T> {
  name: string;
  value: T;
}
export interface GnosticSchema {
  _ref?: string;
  format?: string;
  description?: string;
  default?: GnosticAny;
  minimum?: number;
  required?: string[];
  enum?: GnosticAny[];
  additional_properties?: { schema?: GnosticSchema; boolean?: boolean };
  type?: { value?: string[] };
  items?: { schema?: GnosticSchema[] };
  all_of?: GnosticSchema[];
  properties?: { additional_properties?: GnosticNamed<GnosticSchema>[] };
  vendor_extension?: GnosticNamedAny[];
}
interface GnosticSubSchema {
  required?: boolean;
  in?: string;
  description?: string;
  name?: string;
  type?: string;
  unique_items?: boolean;
}
interface GnosticParametersItem {
  parameter?: {
    body_parameter?: { name?: string; in?: string; required?: boolean; schema?: GnosticSchema };
    non_body_parameter?: { query_parameter_sub_schema?: GnosticSubSchema; path_parameter_sub_schema?: GnosticSubSchema };
  };
}
interface GnosticResponse {
  description?: string;
  schema?: { schema?: GnosticSchema };
}
interface GnosticOperation {
  tags?: string[];
  description?: string;
  operation_id?: string;
  produces?: string[];
  consumes?: string[];
  parameters?: GnosticParametersItem[];
  responses?: { response_code?: GnosticNamed<{ response?: GnosticResponse }>[] };
  schemes?: string[];
  vendor_extension?: GnosticNamedAny[];
}
type GnosticPathItem = { parameters?: GnosticParametersItem[] } & { [M in (typeof SWAGGER_METHODS)[number]]?: GnosticOperation };
export interface GnosticDocument {
  swagger?: string;
  info?: { title?: string; version?: string };
  paths?: { path?: GnosticNamed<GnosticPathItem>[] };
  definitions?: { additional_properties?: GnosticNamed<GnosticSchema>[] };
  security?: { additional_properties?: GnosticNamed<{ value?: string[] }>[] }[];
  security_definitions?: { additional_properties?: GnosticNamed<{ api_key_security?: Partial<SwaggerApiKeySecurity> }>[] };
}

const VENDOR_EXTENSION_PREFIX = 'x-';

/** kube-openapi writes every free-form value as YAML, and kubectl parses it back with a YAML decoder. */
function anyOf(value: unknown): GnosticAny {
  return { yaml: stringifyYaml(value) };
}

function valueOf(any: GnosticAny | undefined): unknown {
  return parseYaml(any?.yaml ?? '') as unknown;
}

function extensions(entries: readonly [string, unknown][]): GnosticNamedAny[] {
  return entries.map(([name, value]) => ({ name, value: anyOf(value) }));
}

export function gnosticSchema(schema: SwaggerSchema): GnosticSchema {
  const out: GnosticSchema = {};
  const vendor: [string, unknown][] = [];
  for (const [key, value] of Object.entries(schema) as [string, unknown][]) {
    if (key.startsWith(VENDOR_EXTENSION_PREFIX)) {
      vendor.push([key, value]);
      continue;
    }
    switch (key as keyof SwaggerSchema) {
      case '$ref':
        out._ref = schema.$ref;
        break;
      case 'type':
        out.type = { value: [schema.type ?? ''] };
        break;
      case 'format':
        out.format = schema.format;
        break;
      case 'description':
        out.description = schema.description;
        break;
      case 'default':
        out.default = anyOf(schema.default);
        break;
      case 'minimum':
        out.minimum = schema.minimum;
        break;
      case 'required':
        out.required = [...(schema.required ?? [])];
        break;
      case 'enum':
        out.enum = (schema.enum ?? []).map(anyOf);
        break;
      case 'properties':
        out.properties = { additional_properties: Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, value: gnosticSchema(s) })) };
        break;
      case 'additionalProperties':
        if (schema.additionalProperties) out.additional_properties = { schema: gnosticSchema(schema.additionalProperties) };
        break;
      case 'items':
        if (schema.items) out.items = { schema: [gnosticSchema(schema.items)] };
        break;
      case 'allOf':
        out.all_of = (schema.allOf ?? []).map(gnosticSchema);
        break;
      default:
        throw new Error(`schema member ${key} has no place in the OpenAPI v2 protobuf`);
    }
  }
  if (vendor.length > 0) out.vendor_extension = extensions(vendor);
  return out;
}

function gnosticParameter(p: SwaggerParameter): GnosticParametersItem {
  if (p.in === 'body') return { parameter: { body_parameter: { name: p.name, in: p.in, required: p.required, schema: gnosticSchema(p.schema) } } };
  const sub: GnosticSubSchema = {
    ...(p.required ? { required: true } : {}),
    in: p.in,
    description: p.description,
    name: p.name,
    type: p.type,
    ...(p.uniqueItems ? { unique_items: true } : {}),
  };
  return { parameter: { non_body_parameter: p.in === 'query' ? { query_parameter_sub_schema: sub } : { path_parameter_sub_schema: sub } } };
}

function gnosticResponse(r: SwaggerResponse): GnosticResponse {
  return { description: r.description, ...(r.schema ? { schema: { schema: gnosticSchema(r.schema) } } : {}) };
}

function gnosticOperation(op: SwaggerOperation): GnosticOperation {
  return {
    tags: [...op.tags],
    description: op.description,
    operation_id: op.operationId,
    ...(op.produces ? { produces: [...op.produces] } : {}),
    ...(op.consumes ? { consumes: [...op.consumes] } : {}),
    ...(op.parameters ? { parameters: op.parameters.map(gnosticParameter) } : {}),
    responses: { response_code: Object.entries(op.responses).map(([name, r]) => ({ name, value: { response: gnosticResponse(r) } })) },
    schemes: [...op.schemes],
    vendor_extension: extensions([
      ['x-kubernetes-action', op['x-kubernetes-action']],
      ['x-kubernetes-group-version-kind', op['x-kubernetes-group-version-kind']],
    ]),
  };
}

function gnosticPathItem(item: SwaggerPathItem): GnosticPathItem {
  const out: GnosticPathItem = {};
  for (const method of SWAGGER_METHODS) {
    const op = item[method];
    if (op) out[method] = gnosticOperation(op);
  }
  if (item.parameters) out.parameters = item.parameters.map(gnosticParameter);
  return out;
}

export function gnosticDocument(doc: SwaggerDocument): GnosticDocument {
  return {
    swagger: doc.swagger,
    info: { title: doc.info.title, version: doc.info.version },
    paths: { path: Object.entries(doc.paths).map(([name, item]) => ({ name, value: gnosticPathItem(item) })) },
    definitions: { additional_properties: Object.entries(doc.definitions).map(([name, s]) => ({ name, value: gnosticSchema(s) })) },
    security: doc.security.map((requirement) => ({
      additional_properties: Object.entries(requirement).map(([name, scopes]) => ({ name, value: { value: [...scopes] } })),
    })),
    security_definitions: {
      additional_properties: Object.entries(doc.securityDefinitions).map(([name, s]) => ({ name, value: { api_key_security: { ...s } } })),
    },
  };
}

/** The bytes /openapi/v2 answers a protobuf Accept with. */
export function encodeGnostic(doc: SwaggerDocument): Buffer {
  const message = GNOSTIC_DOCUMENT.fromObject(gnosticDocument(doc) as Record<string, unknown>);
  return Buffer.from(GNOSTIC_DOCUMENT.encode(message).finish());
}

// Decoding: the reverse of each step above.

function swaggerFromGnosticSchema(s: GnosticSchema): SwaggerSchema {
  const out: Record<string, unknown> = {};
  if (s._ref) out['$ref'] = s._ref;
  if (s.type?.value?.[0] !== undefined) out['type'] = s.type.value[0];
  if (s.format) out['format'] = s.format;
  if (s.description) out['description'] = s.description;
  if (s.default) out['default'] = valueOf(s.default);
  if (s.minimum !== undefined) out['minimum'] = s.minimum;
  if (s.required) out['required'] = s.required;
  if (s.enum) out['enum'] = s.enum.map(valueOf);
  if (s.properties) {
    out['properties'] = Object.fromEntries((s.properties.additional_properties ?? []).map((p) => [p.name, swaggerFromGnosticSchema(p.value)]));
  }
  if (s.additional_properties?.schema) out['additionalProperties'] = swaggerFromGnosticSchema(s.additional_properties.schema);
  if (s.items?.schema?.[0]) out['items'] = swaggerFromGnosticSchema(s.items.schema[0]);
  if (s.all_of) out['allOf'] = s.all_of.map(swaggerFromGnosticSchema);
  for (const e of s.vendor_extension ?? []) out[e.name] = valueOf(e.value);
  return out as SwaggerSchema;
}

function swaggerFromGnosticParameter(item: GnosticParametersItem): SwaggerParameter {
  const body = item.parameter?.body_parameter;
  if (body) return { name: 'body', in: 'body', required: true, schema: swaggerFromGnosticSchema(body.schema ?? {}) };
  const sub = item.parameter?.non_body_parameter?.query_parameter_sub_schema ?? item.parameter?.non_body_parameter?.path_parameter_sub_schema ?? {};
  return {
    name: sub.name ?? '',
    in: sub.in === 'path' ? 'path' : 'query',
    description: sub.description ?? '',
    ...(sub.required ? { required: true } : {}),
    type: sub.type === 'integer' || sub.type === 'boolean' ? sub.type : 'string',
    ...(sub.unique_items ? { uniqueItems: true } : {}),
  };
}

function swaggerFromGnosticOperation(op: GnosticOperation): SwaggerOperation {
  const vendor = Object.fromEntries((op.vendor_extension ?? []).map((e) => [e.name, valueOf(e.value)]));
  const responses = (op.responses?.response_code ?? []).map(({ name, value }): [string, SwaggerResponse] => {
    const r = value.response ?? {};
    return [name, { description: r.description ?? '', ...(r.schema?.schema ? { schema: swaggerFromGnosticSchema(r.schema.schema) } : {}) }];
  });
  return {
    tags: op.tags ?? [],
    description: op.description ?? '',
    ...(op.consumes ? { consumes: op.consumes } : {}),
    ...(op.produces ? { produces: op.produces } : {}),
    schemes: op.schemes ?? [],
    operationId: op.operation_id ?? '',
    ...(op.parameters ? { parameters: op.parameters.map(swaggerFromGnosticParameter) } : {}),
    responses: Object.fromEntries(responses),
    'x-kubernetes-action': vendor['x-kubernetes-action'] as SwaggerOperation['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': vendor['x-kubernetes-group-version-kind'] as SwaggerOperation['x-kubernetes-group-version-kind'],
  };
}

function swaggerFromGnosticPathItem(item: GnosticPathItem): SwaggerPathItem {
  const out: Record<string, unknown> = {};
  for (const method of SWAGGER_METHODS) {
    const op = item[method];
    if (op) out[method] = swaggerFromGnosticOperation(op);
  }
  if (item.parameters) out['parameters'] = item.parameters.map(swaggerFromGnosticParameter);
  return out as SwaggerPathItem;
}

/** The Swagger document in protobuf bytes, read with the same declarations. */
export function decodeGnostic(bytes: Uint8Array): SwaggerDocument {
  const message = GNOSTIC_DOCUMENT.decode(bytes);
  const doc = GNOSTIC_DOCUMENT.toObject(message, { defaults: false, arrays: false, objects: false }) as GnosticDocument;
  if (doc.swagger !== '2.0') throw new Error(`not a Swagger 2.0 document: swagger is ${String(doc.swagger)}`);
  return {
    swagger: doc.swagger,
    info: { title: doc.info?.title ?? '', version: doc.info?.version ?? '' },
    paths: Object.fromEntries((doc.paths?.path ?? []).map((p) => [p.name, swaggerFromGnosticPathItem(p.value)])),
    definitions: Object.fromEntries((doc.definitions?.additional_properties ?? []).map((d) => [d.name, swaggerFromGnosticSchema(d.value)])),
    securityDefinitions: Object.fromEntries(
      (doc.security_definitions?.additional_properties ?? []).map((d) => [d.name, d.value.api_key_security as SwaggerApiKeySecurity]),
    ),
    security: (doc.security ?? []).map((r) => Object.fromEntries((r.additional_properties ?? []).map((n) => [n.name, n.value.value ?? []]))),
  };
}
