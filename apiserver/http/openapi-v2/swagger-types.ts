// The Swagger 2.0 document /openapi/v2 serves, as JSON. kubectl 1.27/1.28 read
// it (as protobuf) for strategic-merge keys in `apply`, for whether a kind's
// PATCH takes `fieldValidation`, and 1.27 for `explain`.
import type { GroupVersionKind, KubernetesExtensions, OpenApiFormat, OpenApiType } from '../../../api/openapi/schema.js';
import type { KubernetesAction } from '../openapi/document-types.js';

export const SWAGGER_DEFINITION_REF_PREFIX = '#/definitions/';

/**
 * The Schema Object of Swagger 2.0 as Kubernetes publishes it: a `$ref` may
 * carry siblings (description, default, patch extensions), because kubectl's
 * v2 reader follows a bare `$ref` and treats an allOf as an untyped value.
 */
export interface SwaggerSchema extends KubernetesExtensions {
  readonly $ref?: string;
  readonly type?: OpenApiType;
  readonly format?: OpenApiFormat;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: SwaggerSchema;
  readonly items?: SwaggerSchema;
  readonly allOf?: readonly SwaggerSchema[];
  readonly enum?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
}

/** A path or query parameter: in Swagger 2.0 its type sits on the parameter itself. */
export interface SwaggerNonBodyParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly required?: true;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly uniqueItems?: true;
}

/** What OpenAPI 3 calls the requestBody: one parameter `in: body`. */
export interface SwaggerBodyParameter {
  readonly name: 'body';
  readonly in: 'body';
  readonly required: true;
  readonly schema: SwaggerSchema;
}

export type SwaggerParameter = SwaggerBodyParameter | SwaggerNonBodyParameter;

export interface SwaggerResponse {
  readonly description: string;
  readonly schema?: SwaggerSchema;
}

export interface SwaggerOperation {
  readonly tags: readonly string[];
  readonly description: string;
  readonly consumes?: readonly string[];
  readonly produces?: readonly string[];
  readonly schemes: readonly string[];
  readonly operationId: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  readonly 'x-kubernetes-action': KubernetesAction;
  /** One object on an operation; kubectl finds a kind's PATCH by it. */
  readonly 'x-kubernetes-group-version-kind': GroupVersionKind;
}

export const SWAGGER_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type SwaggerMethod = (typeof SWAGGER_METHODS)[number];

export type SwaggerPathItem = {
  readonly parameters?: readonly SwaggerNonBodyParameter[];
} & { readonly [M in SwaggerMethod]?: SwaggerOperation };

export interface SwaggerApiKeySecurity {
  readonly type: 'apiKey';
  readonly name: string;
  readonly in: 'header';
  readonly description: string;
}

export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, SwaggerPathItem>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly securityDefinitions: Readonly<Record<string, SwaggerApiKeySecurity>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
}
