// The part of the OpenAPI 3.0 Schema Object Flotilla's published schemas use,
// with the x-kubernetes extensions kubectl reads for strict field validation,
// `explain` and strategic merge. Kept closed on purpose: a typo in a schema
// literal is a compile error, not a silently ignored member.

export type OpenApiType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export type OpenApiFormat = 'int32' | 'int64' | 'double' | 'date-time' | 'byte' | 'int-or-string';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface OpenApiSchema extends KubernetesExtensions {
  readonly $ref?: string;
  readonly type?: OpenApiType;
  readonly format?: OpenApiFormat;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: OpenApiSchema;
  readonly items?: OpenApiSchema;
  /** Kubernetes wraps a referenced component in a one-element allOf when the property carries extensions. */
  readonly allOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly enum?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly nullable?: boolean;
}

export type PatchStrategyExtension = 'merge' | 'retainKeys' | 'merge,retainKeys';

/** The vendor extensions Kubernetes' OpenAPI documents (v2 and v3 alike) carry, which kubectl reads. */
export interface KubernetesExtensions {
  /** Comma-separated: `merge`, `retainKeys` or `merge,retainKeys`. */
  readonly 'x-kubernetes-patch-strategy'?: PatchStrategyExtension;
  readonly 'x-kubernetes-patch-merge-key'?: string;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-int-or-string'?: true;
  readonly 'x-kubernetes-preserve-unknown-fields'?: true;
  readonly 'x-kubernetes-embedded-resource'?: true;
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
}

/** Named component schemas, as `#/components/schemas` holds them. */
export type ComponentTable = Readonly<Record<string, OpenApiSchema>>;

/** A kind's schema: the name of its root component and the table the name resolves in. */
export interface KindSchema {
  readonly root: string;
  readonly components: ComponentTable;
}

export const COMPONENT_REF_PREFIX = '#/components/schemas/';
