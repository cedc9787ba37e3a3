// The `paths` of one resource: collection, item and subresource URLs with
// their operations, named and tagged as upstream's generator names them.
import { ref } from '../../../api/openapi/builders.js';
import type { GroupVersionKind, OpenApiSchema } from '../../../api/openapi/schema.js';
import { kindOf, type ServedResource, type ServedSubresource } from '../discovery/served-resources.js';
import type { KubernetesAction, OpenApiOperation, OpenApiParameter, OpenApiPathItem, OpenApiResponse } from './document-types.js';
import {
  ATTACH_PARAMETERS,
  DELETE_PARAMETERS,
  EXEC_PARAMETERS,
  LIST_PARAMETERS,
  LOG_PARAMETERS,
  NAME,
  NAMESPACE,
  PATCH_PARAMETERS,
  PRETTY,
  WRITE_PARAMETERS,
} from './parameters.js';
import { BINDING, DELETE_OPTIONS, EVICTION, listComponentName, PATCH, SCALE, STATUS } from './shared-components.js';

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;
const WATCH_TYPES = [...JSON_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'] as const;
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

function content(types: readonly string[], schema: OpenApiSchema): Record<string, { schema: OpenApiSchema }> {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

const ok = (schema: OpenApiSchema, types: readonly string[] = JSON_TYPES): OpenApiResponse => ({ description: 'OK', content: content(types, schema) });
const UNAUTHORIZED: OpenApiResponse = { description: 'Unauthorized' };
const TEXT: OpenApiSchema = { type: 'string' };

/** `apps` -> `AppsV1`, `coordination.k8s.io` -> `CoordinationV1`, core -> `CoreV1`: operationId's infix. */
export function operationInfix(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  const cap = (w: string): string => (w === '' ? '' : `${w.charAt(0).toUpperCase()}${w.slice(1)}`);
  return `${words.map(cap).join('')}${cap(version)}`;
}

/** `apps_v1`, `core_v1`, `coordination_v1`: upstream's tag for a group-version's operations. */
export function operationTag(group: string, version: string): string {
  const name = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\./g, '_');
  return `${name}_${version}`;
}

export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

interface OperationSpec {
  readonly verb: string;
  readonly action: KubernetesAction;
  readonly description: string;
  readonly gvk: GroupVersionKind;
  readonly parameters?: readonly OpenApiParameter[];
  readonly body?: { readonly schema: OpenApiSchema; readonly types: readonly string[] };
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}

/** Operations of one resource; `{gv}` in an operationId becomes the group-version infix. */
function operationBuilder(served: ServedResource): (spec: OperationSpec) => OpenApiOperation {
  const d = served.definition;
  const infix = operationInfix(d.group, d.version);
  const tags = [operationTag(d.group, d.version)];
  return (spec) => ({
    tags,
    description: spec.description,
    operationId: spec.verb.replace('{gv}', infix),
    ...(spec.parameters && spec.parameters.length > 0 ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: content(spec.body.types, spec.body.schema) } } : {}),
    responses: { ...spec.responses, '401': UNAUTHORIZED },
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': spec.gvk,
  });
}

function subresourcePath(served: ServedResource, sub: ServedSubresource, named: string, op: (s: OperationSpec) => OpenApiOperation): OpenApiPathItem {
  const kindGvk = kindOf(served.definition);
  const suffix = `${named}${sub.name.charAt(0).toUpperCase()}${sub.name.slice(1)}`;
  if (sub.name === 'status' || sub.name === 'scale') {
    const schema = ref(sub.name === 'scale' ? SCALE : served.definition.schema.root);
    const gvk = sub.kind;
    const what = sub.name === 'scale' ? `scale of the specified ${kindGvk.kind}` : `status of the specified ${kindGvk.kind}`;
    return {
      get: op({ verb: `read{gv}${suffix}`, action: 'get', description: `read ${what}`, gvk, responses: { '200': ok(schema) } }),
      put: op({
        verb: `replace{gv}${suffix}`,
        action: 'put',
        description: `replace ${what}`,
        gvk,
        parameters: WRITE_PARAMETERS,
        body: { schema, types: ['*/*'] },
        responses: { '200': ok(schema), '201': ok(schema) },
      }),
      patch: op({
        verb: `patch{gv}${suffix}`,
        action: 'patch',
        description: `partially update ${what}`,
        gvk,
        parameters: PATCH_PARAMETERS,
        body: { schema: ref(PATCH), types: PATCH_TYPES },
        responses: { '200': ok(schema), '201': ok(schema) },
      }),
    };
  }
  if (sub.name === 'log') {
    return {
      get: op({
        verb: `read{gv}${suffix}`,
        action: 'get',
        description: 'read log of the specified Pod',
        gvk: sub.kind,
        parameters: LOG_PARAMETERS,
        responses: { '200': ok(TEXT, ['text/plain', 'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']) },
      }),
    };
  }
  if (sub.name === 'binding' || sub.name === 'eviction') {
    const schema = ref(sub.name === 'binding' ? BINDING : EVICTION);
    return {
      post: op({
        verb: `create{gv}${suffix}`,
        action: 'post',
        description: `create ${sub.name} of a Pod`,
        gvk: sub.kind,
        parameters: WRITE_PARAMETERS,
        body: { schema, types: ['*/*'] },
        responses: { '200': ok(schema), '201': ok(schema), '202': ok(schema) },
      }),
    };
  }
  // exec and attach: connections upgraded to a stream, reached by GET or POST.
  const parameters = sub.name === 'exec' ? EXEC_PARAMETERS : ATTACH_PARAMETERS;
  const connect = (method: 'Get' | 'Post'): OpenApiOperation =>
    op({
      verb: `connect{gv}${method}${suffix}`,
      action: 'connect',
      description: `connect ${method.toUpperCase()} requests to ${sub.name} of Pod`,
      gvk: sub.kind,
      parameters,
      responses: { '200': ok(TEXT, ['*/*']) },
    });
  return { get: connect('Get'), post: connect('Post') };
}

/** Every path of one resource, keyed by URL template. */
export function resourcePaths(served: ServedResource): Record<string, OpenApiPathItem> {
  const d = served.definition;
  const gvk = kindOf(d);
  const op = operationBuilder(served);
  const prefix = groupVersionPrefix(d.group, d.version);
  const scope = d.namespaced ? `${prefix}/namespaces/{namespace}/${d.plural}` : `${prefix}/${d.plural}`;
  const named = d.namespaced ? `Namespaced${d.kind}` : d.kind;
  const scopeParams = d.namespaced ? [NAMESPACE, PRETTY] : [PRETTY];
  const item = ref(d.schema.root);
  const list = ref(listComponentName(d.schema.root));
  const status = ref(STATUS);
  const deleteBody = { schema: ref(DELETE_OPTIONS), types: ['*/*'] };

  const paths: Record<string, OpenApiPathItem> = {};
  paths[scope] = {
    parameters: scopeParams,
    get: op({
      verb: `list{gv}${named}`,
      action: 'list',
      description: `list or watch objects of kind ${d.kind}`,
      gvk,
      parameters: LIST_PARAMETERS,
      responses: { '200': ok(list, WATCH_TYPES) },
    }),
    post: op({
      verb: `create{gv}${named}`,
      action: 'post',
      description: `create a ${d.kind}`,
      gvk,
      parameters: WRITE_PARAMETERS,
      body: { schema: item, types: ['*/*'] },
      responses: { '200': ok(item), '201': ok(item), '202': ok(item) },
    }),
    delete: op({
      verb: `delete{gv}Collection${named}`,
      action: 'deletecollection',
      description: `delete collection of ${d.kind}`,
      gvk,
      parameters: [...DELETE_PARAMETERS, ...LIST_PARAMETERS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')],
      body: deleteBody,
      responses: { '200': ok(status) },
    }),
  };
  paths[`${scope}/{name}`] = {
    parameters: [NAME, ...scopeParams],
    get: op({ verb: `read{gv}${named}`, action: 'get', description: `read the specified ${d.kind}`, gvk, responses: { '200': ok(item) } }),
    put: op({
      verb: `replace{gv}${named}`,
      action: 'put',
      description: `replace the specified ${d.kind}`,
      gvk,
      parameters: WRITE_PARAMETERS,
      body: { schema: item, types: ['*/*'] },
      responses: { '200': ok(item), '201': ok(item) },
    }),
    patch: op({
      verb: `patch{gv}${named}`,
      action: 'patch',
      description: `partially update the specified ${d.kind}`,
      gvk,
      parameters: PATCH_PARAMETERS,
      body: { schema: ref(PATCH), types: PATCH_TYPES },
      responses: { '200': ok(item), '201': ok(item) },
    }),
    delete: op({
      verb: `delete{gv}${named}`,
      action: 'delete',
      description: `delete a ${d.kind}`,
      gvk,
      parameters: DELETE_PARAMETERS,
      body: deleteBody,
      responses: { '200': ok(status), '202': ok(status) },
    }),
  };
  if (d.namespaced) {
    paths[`${prefix}/${d.plural}`] = {
      parameters: [PRETTY],
      get: op({
        verb: `list{gv}${d.kind}ForAllNamespaces`,
        action: 'list',
        description: `list or watch objects of kind ${d.kind}`,
        gvk,
        parameters: LIST_PARAMETERS,
        responses: { '200': ok(list, WATCH_TYPES) },
      }),
    };
  }
  for (const sub of served.subresources) {
    paths[`${scope}/{name}/${sub.name}`] = { parameters: [NAME, ...scopeParams], ...subresourcePath(served, sub, named, op) };
  }
  return paths;
}
