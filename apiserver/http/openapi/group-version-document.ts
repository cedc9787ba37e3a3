// The OpenAPI v3 document of one group-version, as /openapi/v3/apis/<g>/<v>
// serves it: the resources' paths, and the components their kinds reach plus
// the lists, meta types and subresource kinds those paths refer to.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import { openApiComponentsFor } from '../../../api/openapi/document.js';
import type { ComponentTable, OpenApiSchema } from '../../../api/openapi/schema.js';
import { servedGroups, type ServedGroupVersion } from '../discovery/group-versions.js';
import { compareStrings, kindOf } from '../discovery/served-resources.js';
import type { OpenApiDocument, OpenApiPathItem } from './document-types.js';
import { resourcePaths } from './resource-paths.js';
import {
  BINDING,
  BINDING_COMPONENTS,
  EVICTION,
  EVICTION_COMPONENTS,
  DELETE_OPTIONS,
  listComponent,
  listComponentName,
  metaComponents,
  PATCH,
  SCALE,
  SCALE_COMPONENTS,
  STATUS,
  WATCH_EVENT,
} from './shared-components.js';

const BEARER_TOKEN = {
  type: 'apiKey',
  name: 'authorization',
  in: 'header',
  description: 'Bearer Token authentication',
} as const;

function mergeTables(tables: readonly ComponentTable[]): ComponentTable {
  const merged: Record<string, OpenApiSchema> = {};
  for (const table of tables) {
    for (const [name, schema] of Object.entries(table)) {
      if (Object.prototype.hasOwnProperty.call(merged, name) && merged[name] !== schema) {
        throw new Error(`component ${name} is defined twice`);
      }
      merged[name] = schema;
    }
  }
  return merged;
}

function sortedPaths(paths: Record<string, OpenApiPathItem>): Record<string, OpenApiPathItem> {
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => compareStrings(a, b)));
}

/**
 * The document of one served group-version. `allGroupVersions` lists every
 * served group-version, which the meta kinds (DeleteOptions, WatchEvent) name.
 */
export function groupVersionDocument(
  gv: ServedGroupVersion,
  allGroupVersions: readonly { group: string; version: string }[],
  infoVersion: string,
): OpenApiDocument {
  const lists: Record<string, OpenApiSchema> = {};
  const roots = new Set<string>([STATUS, DELETE_OPTIONS, WATCH_EVENT, PATCH]);
  const tables: ComponentTable[] = [];
  let paths: Record<string, OpenApiPathItem> = {};
  for (const served of gv.resources) {
    const d = served.definition;
    const listName = listComponentName(d.schema.root);
    lists[listName] = listComponent(d.schema.root, kindOf(d));
    roots.add(d.schema.root).add(listName);
    tables.push(d.schema.components);
    for (const sub of served.subresources) {
      if (sub.name === 'scale') roots.add(SCALE);
      if (sub.name === 'binding') roots.add(BINDING);
      if (sub.name === 'eviction') roots.add(EVICTION);
    }
    paths = { ...paths, ...resourcePaths(served) };
  }
  const table = mergeTables([...tables, lists, metaComponents(allGroupVersions), SCALE_COMPONENTS, BINDING_COMPONENTS, EVICTION_COMPONENTS]);
  const schemas = openApiComponentsFor([...roots].map((root) => ({ schema: { root, components: table } })));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: infoVersion },
    paths: sortedPaths(paths),
    components: { schemas, securitySchemes: { BearerToken: BEARER_TOKEN } },
  };
}

/** `api/v1`, `apis/apps/v1`: a document's key in the /openapi/v3 index. */
export function openApiPathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** Every served group-version's document, keyed as the index lists them. */
export function groupVersionDocuments(kinds: readonly KindDefinition[], infoVersion: string): Map<string, OpenApiDocument> {
  const groups = servedGroups(kinds);
  const all = groups.flatMap((g) => g.versions.map((v) => ({ group: v.group, version: v.version })));
  const documents = new Map<string, OpenApiDocument>();
  for (const group of groups) {
    for (const gv of group.versions) documents.set(openApiPathKey(gv.group, gv.version), groupVersionDocument(gv, all, infoVersion));
  }
  return documents;
}
