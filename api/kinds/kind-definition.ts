// Everything the system knows about one kind, in one value. Each module of
// api/kinds/ exports one definition and api/kinds/registry.ts lists them;
// storage keys, routing, tables, field selectors, patches and `api-resources`
// are all read from here, so adding a kind is one module and one registry line.
import type { FieldError } from '../errors.js';
import type { KindSchema } from '../openapi/schema.js';
import type { PatchSchema } from '../patch/patch-schema.js';
import type { TableDefinition } from '../tables/table.js';
import type { KubeObject } from '../types/meta.js';

/** What the apiserver asks of a kind when it writes one: pure functions over JSON. */
export interface KindStrategy {
  /** Fills Kubernetes' defaults in place. Called on a private copy, on create and on every update. */
  applyDefaults(obj: KubeObject): void;
  /**
   * Carries server-assigned values the incoming object left out over from `old`
   * before defaults and validation (a Service's clusterIP and nodePorts, which
   * `kubectl replace` and `apply` do not resend), as Kubernetes' PrepareForUpdate.
   */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Problems with a new object: metadata (name, labels, annotations, ownerReferences) and spec. */
  validate(obj: KubeObject): FieldError[];
  /** Problems with an update: everything `validate` checks plus immutable fields against `old`. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /** Problems with a status write (spec and metadata already taken from `old`). */
  validateStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * Takes back from `old` what a status write may not change (the Approved and
   * Denied conditions of a CSR, which only its approval subresource writes).
   */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject): void;
  /**
   * Status is cleared on create, as Kubernetes' PrepareForCreate does for kinds
   * whose status only controllers and agents write.
   */
  resetStatusOnCreate: boolean;
  /** metadata.generation counts spec changes; false for kinds without a spec (Event). */
  tracksGeneration: boolean;
}

/** One selectable field's value, as `--field-selector` compares it (absent reads as ""). */
export type FieldExtractor = (obj: KubeObject) => string;

/** The scale subresource, as a CustomResourceDefinition declares it: where replicas live. */
export interface ScaleSubresource {
  /** JSON path of the desired count, `.spec.replicas`. */
  specReplicasPath: string;
  /** JSON path of the observed count, `.status.replicas`. */
  statusReplicasPath: string;
}

/**
 * A subresource with a handler of its own (pods' log, exec, binding, eviction):
 * declared here so discovery and OpenAPI list what the kind serves from one place.
 */
export interface HandledSubresource {
  /** The last segment of the URL. */
  readonly name: string;
  /** The kind a request sends or returns; absent when it is the kind itself. */
  readonly kind?: { readonly group: string; readonly version: string; readonly kind: string };
  readonly verbs: readonly ('create' | 'get')[];
}

/**
 * A subresource that writes one slice of status under its own URL and RBAC
 * rights, as certificatesigningrequests/approval writes only the Approved and
 * Denied conditions (Kubernetes' per-subresource update strategies).
 */
export interface StatusSliceSubresource {
  /** The last segment of the URL. */
  readonly name: string;
  /** The status to store: `stored`'s, with the part this subresource owns taken from `incoming`. */
  mergeStatus(stored: KubeObject, incoming: KubeObject): unknown;
  /** Problems with the result (spec and metadata already taken from `old`). */
  validate(obj: KubeObject, old: KubeObject): FieldError[];
}

export interface Subresources {
  /** Updates ignore status; status writes go through their own verb and ignore spec. */
  status: boolean;
  scale?: ScaleSubresource;
  handled?: readonly HandledSubresource[];
  statusSlices?: readonly StatusSliceSubresource[];
}

/**
 * Another version a kind is served in beside the one it is stored in, as
 * kube-apiserver serves autoscaling/v1 HPAs while it stores autoscaling/v2:
 * the HTTP API converts every object on its way in and out; storage,
 * defaults, validation and gRPC see only the stored version.
 */
export interface ServedVersion {
  readonly version: string;
  /** This version's form of a stored object. Pure: returns a new object. */
  fromStored(obj: KubeObject): KubeObject;
  /** The stored form of an object sent in this version. Pure: returns a new object. */
  toStored(obj: KubeObject): KubeObject;
  /** This version's OpenAPI schema (strict field validation, `/openapi/v3`, `explain`). */
  readonly schema: KindSchema;
  /** Strategic-merge keys of this version's form, for patches sent to its URLs. */
  readonly patchSchema: PatchSchema;
}

/** Brands a definition with the object type it stores, for typed client calls. */
declare const objectType: unique symbol;

export interface KindDefinition<T extends KubeObject = KubeObject> {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lower-case plural: the resource name in URLs, keys and error messages. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** kubectl's categories; `all` puts the kind in `get all`. */
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  readonly subresources: Subresources;
  readonly strategy: KindStrategy;
  /** The columns `get` prints, wide ones at priority 1. */
  readonly table: TableDefinition;
  /** Selectable fields beyond metadata.name and metadata.namespace (Kubernetes' *ToSelectableFields). */
  readonly fieldSelectors: Readonly<Record<string, FieldExtractor>>;
  /**
   * The kind's OpenAPI v3 schema: its root component (`io.k8s.api.apps.v1.Deployment`)
   * and the table its references resolve in, as `/openapi/v3` publishes them.
   */
  readonly schema: KindSchema;
  /**
   * Strategic-merge keys and list strategies (Kubernetes' patchStrategy /
   * patchMergeKey tags), derived from `schema` so the two never disagree.
   */
  readonly patchSchema: PatchSchema;
  /**
   * Stored with the apiserver's shared expiring lease (Events, kept one hour),
   * instead of forever.
   */
  readonly expires?: boolean;
  /** Versions served beside `version` (the stored one, which discovery prefers), converted by pure code. */
  readonly alsoServed?: readonly ServedVersion[];
  /** Never set: carries T so `client.get(resources.pods, ...)` returns a Pod. */
  readonly [objectType]?: T;
}
