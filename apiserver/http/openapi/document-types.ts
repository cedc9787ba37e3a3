// The part of an OpenAPI 3.0 document beyond schemas that /openapi/v3 serves:
// paths, operations and parameters, with the x-kubernetes extensions kubectl
// reads on operations (it finds a kind's PATCH by x-kubernetes-group-version-kind
// and checks its parameters for fieldValidation and dryRun).
import type { GroupVersionKind, OpenApiSchema } from '../../../api/openapi/schema.js';

export type KubernetesAction = 'get' | 'list' | 'put' | 'patch' | 'post' | 'delete' | 'deletecollection' | 'connect';

export interface ParameterSchema {
  readonly type: 'string' | 'integer' | 'boolean';
  readonly uniqueItems?: true;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly required?: true;
  readonly schema: ParameterSchema;
}

export interface OpenApiMediaType {
  readonly schema: OpenApiSchema;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly content?: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiRequestBody {
  readonly required?: true;
  readonly content: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiOperation {
  readonly tags: readonly string[];
  readonly description: string;
  readonly operationId: string;
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: OpenApiRequestBody;
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
  readonly 'x-kubernetes-action': KubernetesAction;
  /** One object here, unlike the list a schema carries. */
  readonly 'x-kubernetes-group-version-kind': GroupVersionKind;
}

export interface OpenApiPathItem {
  readonly parameters?: readonly OpenApiParameter[];
  readonly get?: OpenApiOperation;
  readonly put?: OpenApiOperation;
  readonly post?: OpenApiOperation;
  readonly delete?: OpenApiOperation;
  readonly patch?: OpenApiOperation;
}

export interface OpenApiDocument {
  readonly openapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, OpenApiSchema>>;
    readonly securitySchemes: Readonly<Record<string, { readonly type: 'apiKey'; readonly name: string; readonly in: 'header'; readonly description: string }>>;
  };
}

/** `/openapi/v3`: each group-version's document, addressed with the hash of its bytes. */
export interface OpenApiIndex {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}
