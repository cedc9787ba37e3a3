// The verbs on one resource path: get, list, watch, create, update, patch,
// delete and deletecollection, the status and scale subresources and pods' binding, all
// through the same registry and watch service as gRPC.
import { badRequest, isApiError, unsupportedMediaType } from '../../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject } from '../../api/types/index.js';
import { listOf } from '../registry/list.js';
import type { Registry } from '../registry/registry.js';
import { parseConfiguration } from '../registry/apply.js';
import { parseEviction } from '../registry/eviction.js';
import { parseJson } from '../registry/request-body.js';
import { buildFilter } from '../registry/selectors.js';
import { sendJson, sendJsonText } from './http-reply.js';
import { listJson } from '../registry/object-json.js';
import { isApplyPatch, negotiateResponse, patchTypeOf, type ResponseFormat } from './media-types.js';
import { fieldManagerOf } from './field-manager.js';
import { fieldValidationOf, validateFields } from './field-validation.js';
import { boolParam, deleteOptionsOf, dryRunValues, integerParam, isDryRun, listOptionsOf } from './query-options.js';
import { assertReadableBody, decodeBody } from './decode-body.js';
import { readBody, readBodyBytes } from './read-body.js';
import type { RequestContext } from './request-context.js';
import type { RequestMeter } from './request-meter.js';
import type { ResourcePath } from './resource-path.js';
import { includeObjectOf, toTable } from './table-output.js';
import { toPartialMetadata, toPartialMetadataList } from './partial-metadata.js';
import { serveWatch, type WatchDeps } from './watch-stream.js';
import { METER_VERBS, STATUS_SUBRESOURCE, verbFor } from './resource-verbs.js';
import { bodyToStored, configurationToStored, listToServed, toServed } from './served-objects.js';

/** What an eviction body is read as (policy/v1beta1 bodies name their own version in the envelope). */
const EVICTION_BODY = { group: 'policy', version: 'v1', kind: 'Eviction' };

interface Call {
  ctx: RequestContext;
  path: ResourcePath;
  format: ResponseFormat;
}

/** The metrics' resource label: `deployments.apps`, `pods/binding`, as gRPC records them. */
export function resourceLabel(path: ResourcePath): string {
  const resource = qualifiedResource(path.info);
  return path.subresource ? `${resource}/${path.subresource}` : resource;
}

/** The body's metadata.name, when the body is an object. */
function bodyName(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const metadata = (value as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  return (metadata as { name?: unknown }).name;
}

/** A PUT names the object twice; Kubernetes insists the two agree. */
function assertNameMatches(body: string, name: string): void {
  const given = bodyName(parseJson(body, 'object'));
  if (given !== name) {
    throw badRequest(`the name of the object (${String(given ?? '')}) does not match the name on the URL (${name})`);
  }
}

/** What a subresource that creates nothing to show answers (binding, eviction). */
const SUCCESS_CREATED = Object.freeze({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 });

/** The query's dryRun (CreateOptions) and the body's DeleteOptions.dryRun must agree when both are given, as Kubernetes insists. */
function evictionDryRun(fromQuery: string[], fromBody: unknown): boolean {
  const body = Array.isArray(fromBody) ? fromBody.map(String) : [];
  if (fromQuery.length > 0 && body.length > 0 && JSON.stringify(fromQuery) !== JSON.stringify(body)) {
    throw badRequest(`Non-matching dryRun options in request and content: [${fromQuery.join(' ')}] and [${body.join(' ')}]`);
  }
  return dryRunValues(fromQuery.length > 0 ? fromQuery : body);
}

export class ResourceHandler {
  constructor(
    private readonly registry: Registry,
    private readonly watchDeps: WatchDeps,
  ) {}

  async handle(ctx: RequestContext, path: ResourcePath, meter: RequestMeter): Promise<void> {
    const method = ctx.req.method ?? 'GET';
    const verb = verbFor(method, path, ctx.url.searchParams);
    meter.label(METER_VERBS[verb] ?? verb, resourceLabel(path));
    const call: Call = { ctx, path, format: negotiateResponse(ctx.req.headers.accept) };
    switch (verb) {
      case 'get':
        return this.get(call);
      case 'list':
        return this.list(call);
      case 'watch':
        return this.watch(call, meter);
      case 'create':
        return this.create(call);
      case 'update':
        return this.update(call);
      case 'patch':
        return this.patch(call);
      case 'delete':
        return this.delete(call);
      case 'deletecollection':
        return this.deleteCollection(call);
      case 'bind':
        return this.bind(call);
      case 'evict':
        return this.evict(call);
      case 'getScale':
        return this.reply(call, 200, await this.registry.getScale(path.info, path.namespace, path.name));
      case 'updateScale':
        return this.updateScale(call);
      case 'patchScale':
        return this.patchScale(call);
      case 'updateSlice':
        return this.updateSlice(call);
      case 'patchSlice':
        return this.patchSlice(call);
    }
  }

  private reply(call: Call, code: number, body: unknown): void {
    sendJson(call.ctx.res, code, body);
  }

  /** One object, or a one-row Table when the client asked for one. */
  private replyObject(call: Call, obj: KubeObject): void {
    if (call.format.kind === 'metadata') return this.reply(call, 200, toPartialMetadata(toServed(call.path.view, obj), call.format.version));
    if (call.format.kind !== 'table') return this.reply(call, 200, toServed(call.path.view, obj));
    this.reply(call, 200, toTable(call.path.info, [obj], obj.metadata.resourceVersion, this.tableOptions(call)));
  }

  private tableOptions(call: Call): Parameters<typeof toTable>[3] {
    const version = call.format.kind === 'table' ? call.format.version : 'v1';
    return { version, includeObject: includeObjectOf(call.ctx.url.searchParams), noHeaders: false };
  }

  private async get(call: Call): Promise<void> {
    const { info, namespace, name } = call.path;
    this.replyObject(call, await this.registry.get(info, namespace, name, call.ctx.url.searchParams.get('resourceVersion') ?? ''));
  }

  /** One page of the list (all of it without `limit`); a Table carries the page's continue token too. */
  private async list(call: Call): Promise<void> {
    const { info, namespace } = call.path;
    const query = call.ctx.url.searchParams;
    const list = await this.registry.list(info, namespace, query.get('labelSelector') ?? '', query.get('fieldSelector') ?? '', listOptionsOf(query));
    if (call.format.kind === 'metadata') return this.reply(call, 200, toPartialMetadataList(listToServed(call.path.view, list), call.format.version));
    if (call.format.kind !== 'table') return sendJsonText(call.ctx.res, 200, listJson(listToServed(call.path.view, list)));
    const table = toTable(info, list.items, list.metadata.resourceVersion, this.tableOptions(call));
    table.metadata = list.metadata;
    this.reply(call, 200, table);
  }

  private async watch(call: Call, meter: RequestMeter): Promise<void> {
    const { info, namespace } = call.path;
    const query = call.ctx.url.searchParams;
    const timeoutSeconds = integerParam(query, 'timeoutSeconds');
    if (timeoutSeconds !== undefined && timeoutSeconds < 0) throw badRequest('timeoutSeconds must not be negative');
    await serveWatch(
      this.watchDeps,
      call.ctx.res,
      {
        filter: buildFilter(info, namespace, query.get('labelSelector') ?? '', query.get('fieldSelector') ?? ''),
        resourceVersion: query.get('resourceVersion') ?? '',
        resourceVersionMatch: query.get('resourceVersionMatch') ?? '',
        allowBookmarks: boolParam(query, 'allowWatchBookmarks'),
        sendInitialEvents: query.has('sendInitialEvents') ? boolParam(query, 'sendInitialEvents') : undefined,
        timeoutSeconds: timeoutSeconds === 0 ? undefined : timeoutSeconds,
        format: call.format,
        view: call.path.view,
        includeObject: includeObjectOf(query),
      },
      () => meter.record(200),
    );
  }

  /** The object body as JSON text, whether it came as JSON or (for the kinds declared) as protobuf, in the version the URL names. */
  private async jsonBody(call: Call): Promise<string> {
    const contentType = call.ctx.req.headers['content-type'];
    // Refused before reading, so an unreadable body is never buffered.
    assertReadableBody(contentType, call.path.view.definition);
    return decodeBody(contentType, await readBodyBytes(call.ctx.req), call.path.view.definition);
  }

  /** An object body (create, update) checked against the URL's version, then in the stored version. */
  private async objectBody(call: Call): Promise<string> {
    const body = await this.jsonBody(call);
    validateFields(call.path.view.definition, body, fieldValidationOf(call.ctx.url.searchParams), call.ctx.res);
    return bodyToStored(call.path.view, body);
  }

  private async create(call: Call): Promise<void> {
    const { info, namespace, view } = call.path;
    const manager = fieldManagerOf(call.ctx.req, call.ctx.url.searchParams, 'CreateOptions');
    const body = await this.objectBody(call);
    const dryRun = isDryRun(call.ctx.url.searchParams);
    this.reply(call, 201, toServed(view, await this.registry.create(info, namespace, body, dryRun, manager)));
  }

  private async update(call: Call): Promise<void> {
    const { info, namespace, name, subresource, view } = call.path;
    const manager = fieldManagerOf(call.ctx.req, call.ctx.url.searchParams, 'UpdateOptions');
    const body = await this.objectBody(call);
    const dryRun = isDryRun(call.ctx.url.searchParams);
    assertNameMatches(body, name);
    const updated =
      subresource === STATUS_SUBRESOURCE
        ? await this.registry.updateStatus(info, namespace, body, dryRun, manager)
        : await this.registry.update(info, namespace, body, dryRun, { manager });
    this.reply(call, 200, toServed(view, updated));
  }

  /** PUT of a status slice (certificatesigningrequests/approval). */
  private async updateSlice(call: Call): Promise<void> {
    const { info, namespace, name, subresource, view } = call.path;
    const manager = fieldManagerOf(call.ctx.req, call.ctx.url.searchParams, 'UpdateOptions');
    const body = await this.objectBody(call);
    assertNameMatches(body, name);
    const updated = await this.registry.updateStatusSlice(info, namespace, subresource, body, isDryRun(call.ctx.url.searchParams), manager);
    this.reply(call, 200, toServed(view, updated));
  }

  /** PATCH of a status slice: merge, strategic and JSON patches (server-side apply is refused with 415). */
  private async patchSlice(call: Call): Promise<void> {
    const { info, namespace, name, subresource, view } = call.path;
    if (isApplyPatch(call.ctx.req.headers['content-type'])) {
      throw unsupportedMediaType(`server-side apply is not supported on ${qualifiedResource(info)}/${subresource}; use a merge or JSON patch, or PUT`);
    }
    const type = patchTypeOf(call.ctx.req.headers['content-type']);
    const query = call.ctx.url.searchParams;
    const manager = fieldManagerOf(call.ctx.req, query, 'PatchOptions');
    const body = await readBody(call.ctx.req);
    if (type !== 'JSON') validateFields(view.definition, body, fieldValidationOf(query), call.ctx.res);
    const patched = await this.registry.patchStatusSlice(info, namespace, name, subresource, type, body, isDryRun(query), manager, view);
    this.reply(call, 200, toServed(view, patched));
  }

  private async patch(call: Call): Promise<void> {
    const { info, namespace, name, subresource, view } = call.path;
    if (isApplyPatch(call.ctx.req.headers['content-type'])) return this.apply(call);
    const type = patchTypeOf(call.ctx.req.headers['content-type']);
    const query = call.ctx.url.searchParams;
    const manager = fieldManagerOf(call.ctx.req, query, 'PatchOptions');
    const body = await readBody(call.ctx.req);
    const dryRun = isDryRun(query);
    // A JSON patch names paths, not fields; merge-style patches are partial objects.
    if (type !== 'JSON') validateFields(view.definition, body, fieldValidationOf(query), call.ctx.res);
    const patched = await this.registry.patch(info, namespace, name, type, body, subresource === STATUS_SUBRESOURCE, dryRun, manager, view);
    this.reply(call, 200, toServed(view, patched));
  }

  /** Server-side apply: 201 when the apply created the object, else 200. */
  private async apply(call: Call): Promise<void> {
    const { info, namespace, name, subresource, view } = call.path;
    const query = call.ctx.url.searchParams;
    const manager = fieldManagerOf(call.ctx.req, query, 'PatchOptions', true);
    const options = { manager, force: boolParam(query, 'force'), dryRun: isDryRun(query), status: subresource === STATUS_SUBRESOURCE };
    const config = parseConfiguration(info, name, await readBody(call.ctx.req));
    validateFields(view.definition, JSON.stringify(config), fieldValidationOf(query), call.ctx.res);
    // Managed fields are computed on the stored version's form of the configuration.
    const { object, created } = await this.registry.apply(info, namespace, name, configurationToStored(view, name, config), options);
    this.reply(call, created ? 201 : 200, toServed(view, object));
  }

  /** 200 with the object when it is gone, 202 with it when deletion is under way (grace period, finalizers). */
  private async delete(call: Call): Promise<void> {
    const { info, namespace, name } = call.path;
    const { options, dryRun } = deleteOptionsOf(call.ctx.url.searchParams, await this.jsonBody(call));
    const outcome = await this.registry.delete(info, namespace, name, JSON.stringify(options), dryRun);
    this.reply(call, outcome.deleted ? 200 : 202, toServed(call.path.view, outcome.object));
  }

  /** Deletes what the selectors match, one by one; answers the list of what was deleted or marked. */
  private async deleteCollection(call: Call): Promise<void> {
    const { info, namespace } = call.path;
    const query = call.ctx.url.searchParams;
    const { options, dryRun } = deleteOptionsOf(query, await this.jsonBody(call));
    const list = await this.registry.list(info, namespace, query.get('labelSelector') ?? '', query.get('fieldSelector') ?? '');
    const optionsJson = JSON.stringify(options);
    const deleted: KubeObject[] = [];
    for (const item of list.items) {
      const object = await this.deleteOne(info, item, optionsJson, dryRun);
      if (object) deleted.push(object);
    }
    const reply: KubeList = listOf(info, deleted, Number(list.metadata.resourceVersion));
    this.reply(call, 200, listToServed(call.path.view, reply));
  }

  /** Something deleted it in the meantime: that is what was asked. */
  private async deleteOne(info: ResourceInfo, item: KubeObject, optionsJson: string, dryRun: boolean): Promise<KubeObject | undefined> {
    try {
      const outcome = await this.registry.delete(info, item.metadata.namespace ?? '', item.metadata.name ?? '', optionsJson, dryRun);
      return outcome.object;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  private async updateScale(call: Call): Promise<void> {
    const { info, namespace, name } = call.path;
    const body = await this.jsonBody(call);
    const query = call.ctx.url.searchParams;
    const manager = fieldManagerOf(call.ctx.req, query, 'UpdateOptions');
    this.reply(call, 200, await this.registry.updateScale(info, namespace, name, body, isDryRun(query), manager));
  }

  private async patchScale(call: Call): Promise<void> {
    const { info, namespace, name } = call.path;
    const type = patchTypeOf(call.ctx.req.headers['content-type']);
    const query = call.ctx.url.searchParams;
    const manager = fieldManagerOf(call.ctx.req, query, 'PatchOptions');
    const body = await readBody(call.ctx.req);
    this.reply(call, 200, await this.registry.patchScale(info, namespace, name, type, body, isDryRun(query), manager));
  }

  /** An eviction answers a Success Status once the pod's graceful deletion is under way. */
  private async evict(call: Call): Promise<void> {
    const { namespace, name } = call.path;
    const contentType = call.ctx.req.headers['content-type'];
    assertReadableBody(contentType, EVICTION_BODY);
    const eviction = parseEviction(decodeBody(contentType, await readBodyBytes(call.ctx.req), EVICTION_BODY), name);
    const dryRun = evictionDryRun(call.ctx.url.searchParams.getAll('dryRun'), eviction.deleteOptions?.dryRun);
    await this.registry.evict(namespace, name, eviction, dryRun);
    this.reply(call, 201, SUCCESS_CREATED);
  }

  /** Kubernetes answers a binding with a Success Status, not the pod. */
  private async bind(call: Call): Promise<void> {
    const { namespace, name } = call.path;
    if (isDryRun(call.ctx.url.searchParams)) throw badRequest('dryRun is not supported for pods/binding');
    const binding = parseJson(await this.jsonBody(call), 'binding');
    if (typeof binding !== 'object' || binding === null || Array.isArray(binding)) throw badRequest('the binding must be a JSON object');
    const metadata = ((binding as { metadata?: Record<string, unknown> }).metadata ??= {});
    if (metadata.name === undefined || metadata.name === '') metadata.name = name;
    if (metadata.name !== name) {
      throw badRequest(`the name of the binding (${String(metadata.name)}) does not match the name of the pod on the URL (${name})`);
    }
    await this.registry.bind(namespace, JSON.stringify(binding));
    this.reply(call, 201, SUCCESS_CREATED);
  }
}
