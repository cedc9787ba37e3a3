// What each gRPC method asks to do, in the authorizer's terms, named as
// kube-apiserver names the same request over HTTP: Get is get, List list,
// Watch watch, UpdateStatus an update of the status subresource, Bind a
// create of pods/binding, PodLogs a get of pods/log, PodExec a create of
// pods/exec, CreateToken a create of serviceaccounts/token, ListMetrics a
// list in metrics.k8s.io. The table is keyed by every method of the service,
// so a method added to the proto does not compile until it says what it does.
import { METRICS_GROUP, METRICS_VERSION } from '../../api/metrics-api-group.js';
import { findResource, resources } from '../../api/resources.js';
import type { ApiHandlers } from '../../client/grpc-definition.js';
import type { ExecRequest__Output, LogsRequest__Output } from '../../client/streaming-messages.js';
import type { BindRequest__Output } from '../../proto/generated/flotilla/v1/BindRequest.js';
import type { ResourceRef__Output } from '../../proto/generated/flotilla/v1/ResourceRef.js';
import type { TokenRequestCall__Output } from '../../proto/generated/flotilla/v1/TokenRequestCall.js';
import type { ResourceAttributes, UserInfo } from '../authorization/attributes.js';
import { nameFromFieldSelector } from '../authorization/request-info.js';

export type ApiMethod = Extract<keyof ApiHandlers, string>;

/** A request's target, before the caller is known. */
export type CallTarget = Omit<ResourceAttributes, 'kind' | 'user'>;

/** The fields the methods' requests may carry. */
interface AnyRequest {
  ref?: ResourceRef__Output | null;
  namespace?: string;
  name?: string;
  fieldSelector?: string;
  objectJson?: string;
  status?: boolean;
}

/** The resource a ref names, by its canonical plural; an unknown one as typed (the handler answers NotFound if allowed). */
function refTarget(ref: ResourceRef__Output | null | undefined): Pick<CallTarget, 'apiGroup' | 'apiVersion' | 'resource'> {
  const typed = ref?.resource ?? '';
  const info = typed ? findResource(typed, ref?.group || undefined) : undefined;
  if (!info) return { apiGroup: ref?.group ?? '', apiVersion: '', resource: typed.toLowerCase() };
  return { apiGroup: info.group, apiVersion: info.version, resource: info.plural };
}

/** metadata.name of an object sent as JSON; "" when it names none or does not parse (the handler then refuses it). */
function objectName(json: string | undefined): string {
  if (!json) return '';
  try {
    const name = (JSON.parse(json) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

function onRef(verb: string, name: (req: AnyRequest) => string, subresource: (req: AnyRequest) => string = () => ''): (req: AnyRequest) => CallTarget {
  return (req) => ({ verb, ...refTarget(req.ref), subresource: subresource(req), namespace: req.namespace ?? '', name: name(req) });
}

const POD = { apiGroup: '', apiVersion: 'v1', resource: resources.pods.plural };
const byName = (req: AnyRequest): string => req.name ?? '';
const bySelector = (req: AnyRequest): string => nameFromFieldSelector(req.fieldSelector ?? '');
const inObject = (req: AnyRequest): string => objectName(req.objectJson);
const none = (): string => '';

/** Every method's target, from its request (for PodExec: its first message). */
export const CALL_TARGETS: { readonly [M in ApiMethod]: (request: never) => CallTarget } = {
  Create: onRef('create', none),
  Get: onRef('get', byName),
  List: onRef('list', bySelector),
  Watch: onRef('watch', bySelector),
  Update: onRef('update', inObject),
  UpdateStatus: onRef('update', inObject, () => 'status'),
  Patch: onRef('patch', byName, (req) => (req.status ? 'status' : '')),
  Delete: onRef('delete', byName),
  GetScale: onRef('get', byName, () => 'scale'),
  UpdateScale: onRef('update', byName, () => 'scale'),
  Bind: (req: BindRequest__Output) => ({ verb: 'create', ...POD, subresource: 'binding', namespace: req.namespace, name: objectName(req.bindingJson) }),
  PodLogs: (req: LogsRequest__Output) => ({ verb: 'get', ...POD, subresource: 'log', namespace: req.namespace, name: req.name }),
  PodExec: (req: ExecRequest__Output) => ({ verb: 'create', ...POD, subresource: 'exec', namespace: req.start?.namespace ?? '', name: req.start?.name ?? '' }),
  ListMetrics: (req: AnyRequest) => ({
    verb: 'list',
    apiGroup: METRICS_GROUP,
    apiVersion: METRICS_VERSION,
    resource: req.ref?.resource ?? '',
    subresource: '',
    namespace: req.namespace ?? '',
    name: bySelector(req),
  }),
  CreateToken: (req: TokenRequestCall__Output) => ({
    verb: 'create',
    apiGroup: '',
    apiVersion: 'v1',
    resource: resources.serviceAccounts.plural,
    subresource: 'token',
    namespace: req.namespace,
    name: req.name,
  }),
};

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(CALL_TARGETS, name);
}

/** The authorizer's attributes of one call by `user`. */
export function callAttributes(method: ApiMethod, request: unknown, user: UserInfo): ResourceAttributes {
  const target = (CALL_TARGETS[method] as (request: unknown) => CallTarget)(request ?? {});
  return { kind: 'resource', user, ...target };
}
