// Typed, promise-based client for the Flotilla API over gRPC. Objects go out
// and come back as Kubernetes JSON; errors come back as ApiError.
import * as grpc from '@grpc/grpc-js';
import { ApiError } from '../api/errors.js';
import type { ResourceInfo } from '../api/resources.js';
import { METRICS_GROUP } from '../api/metrics-api-group.js';
import type { Binding, DeleteOptions, KubeList, KubeObject, MetricsList, NodeMetrics, Pod, PodMetrics, Scale, TokenRequest, WatchEvent } from '../api/types/index.js';
import type { ObjectReply__Output } from '../proto/generated/flotilla/v1/ObjectReply.js';
import type { PatchType } from '../proto/generated/flotilla/v1/PatchType.js';
import type { ResourceRef } from '../proto/generated/flotilla/v1/ResourceRef.js';
import type { UpdateRequest } from '../proto/generated/flotilla/v1/UpdateRequest.js';
import { apiChannel, type ApiCredentials } from './api-credentials.js';
import { byteStreamOf, type ByteStream } from './byte-stream.js';
import { openExecSession, type ExecOutputSink, type ExecSession } from './exec-session.js';
import { apiServiceConstructor, MAX_MESSAGE_BYTES, type ApiStub } from './grpc-definition.js';
import { messagesOf } from './grpc-iterable.js';
import { fromServiceError } from './grpc-status.js';
import type { ExecStart, LogsRequest } from './streaming-messages.js';

export type PatchKind = 'merge' | 'strategic' | 'json';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  resourceVersion?: string;
  allowBookmarks?: boolean;
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteResult<T extends KubeObject = KubeObject> {
  object: T;
  /** False while the object lingers with a deletionTimestamp (grace period, finalizers). */
  deleted: boolean;
}

/** A running watch: iterate it for events; `cancel()` ends it without an error. */
export interface WatchStream<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  cancel(): void;
}

/** What `flotctl logs` asks for; the container defaults as in Kubernetes. */
export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  /** Only the last lines; undefined means all. */
  tailLines?: number;
  previous?: boolean;
  timestamps?: boolean;
  sinceSeconds?: number;
}

export interface PodExecOptions {
  container?: string;
  command: string[];
  /** Attach the command's stdin (send it with writeStdin, end it with closeStdin). */
  stdin?: boolean;
  tty?: boolean;
}

const PATCH_TYPES: Record<PatchKind, PatchType> = { merge: 'MERGE', strategic: 'STRATEGIC', json: 'JSON' };

/** What follows the component's name in its User-Agent. */
export const USER_AGENT_PRODUCT = 'flotilla';

/** Per-call deadline for unary calls; watches have none. */
export const UNARY_DEADLINE_MS = 30_000;

/**
 * Cap on gRPC's reconnect backoff (its default is 120 s): after an apiserver
 * outage every call fails fast until the channel reconnects, so a long cap
 * would keep controllers and agents blind for minutes after it is back.
 */
export const MAX_RECONNECT_BACKOFF_MS = 10_000;

/**
 * A unary method of the generated stub. The short overload comes last on
 * purpose: TypeScript infers a generic from an overloaded method's last
 * signature, and the stub's last one names the request and reply types.
 */
interface UnaryMethod<Request, Reply> {
  (request: Request, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<Reply>): grpc.ClientUnaryCall;
  (request: Request, callback: grpc.requestCallback<Reply>): grpc.ClientUnaryCall;
}

/** The overload that takes call options, where the deadline goes. */
type UnaryWithOptions<Request, Reply> = (
  request: Request,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Reply>,
) => grpc.ClientUnaryCall;

export class ApiClient {
  readonly address: string;
  private readonly stub: ApiStub;

  /**
   * `component` names the caller in its User-Agent (`controller-manager/flotilla`), which the
   * apiserver records as the field manager of its writes, as Kubernetes does with its components.
   * `credentials` without a CA (or none) keep the channel plaintext; throws CredentialsError for a set gRPC cannot send.
   */
  constructor(address: string, component?: string, credentials?: ApiCredentials) {
    this.address = address;
    const Ctor = apiServiceConstructor();
    const channel = apiChannel(address, credentials);
    this.stub = new Ctor(address, channel.credentials, {
      ...channel.options,
      ...(component ? { 'grpc.primary_user_agent': `${component}/${USER_AGENT_PRODUCT}` } : {}),
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.max_reconnect_backoff_ms': MAX_RECONNECT_BACKOFF_MS,
    });
  }

  close(): void {
    this.stub.close();
  }

  async create<T extends KubeObject>(resource: ResourceInfo<T>, obj: T, opts: WriteOptions = {}): Promise<T> {
    const reply = await this.unary(this.stub.create, {
      ref: ref(resource),
      namespace: obj.metadata?.namespace ?? '',
      objectJson: JSON.stringify(obj),
      dryRun: opts.dryRun ?? false,
    });
    return parse<T>(reply.objectJson);
  }

  async get<T extends KubeObject>(resource: ResourceInfo<T>, namespace: string, name: string): Promise<T> {
    const reply = await this.unary(this.stub.get, { ref: ref(resource), namespace, name });
    return parse<T>(reply.objectJson);
  }

  /** The autoscaling/v1 Scale of an object with a scale subresource. */
  async getScale(resource: ResourceInfo, namespace: string, name: string): Promise<Scale> {
    const reply = await this.unary(this.stub.getScale, { ref: ref(resource), namespace, name });
    return parse<Scale>(reply.objectJson);
  }

  /** Writes `scale.spec.replicas`; Conflict when the Scale carries a resourceVersion the object has moved past. */
  async updateScale(resource: ResourceInfo, scale: Scale, opts: WriteOptions = {}): Promise<Scale> {
    const { namespace = '', name = '' } = scale.metadata;
    const reply = await this.unary(this.stub.updateScale, { ref: ref(resource), namespace, name, scaleJson: JSON.stringify(scale), dryRun: opts.dryRun ?? false });
    return parse<Scale>(reply.objectJson);
  }

  async list<T extends KubeObject>(resource: ResourceInfo<T>, opts: ListOptions = {}): Promise<KubeList<T>> {
    const reply = await this.unary(this.stub.list, {
      ref: ref(resource),
      namespace: opts.namespace ?? '',
      labelSelector: opts.labelSelector ?? '',
      fieldSelector: opts.fieldSelector ?? '',
    });
    return parse<KubeList<T>>(reply.listJson);
  }

  async update<T extends KubeObject>(resource: ResourceInfo<T>, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write<T>(this.stub.update, resource, obj, opts);
  }

  async updateStatus<T extends KubeObject>(resource: ResourceInfo<T>, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write<T>(this.stub.updateStatus, resource, obj, opts);
  }

  /** A write through a status slice the kind declares (a CSR's `approval`). */
  async updateStatusSlice<T extends KubeObject>(resource: ResourceInfo<T>, subresource: string, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write<T>(this.stub.updateStatus, resource, obj, opts, subresource);
  }

  async patch<T extends KubeObject>(
    resource: ResourceInfo<T>,
    namespace: string,
    name: string,
    kind: PatchKind,
    patch: unknown,
    opts: WriteOptions & { status?: boolean } = {},
  ): Promise<T> {
    const reply = await this.unary(this.stub.patch, {
      ref: ref(resource),
      namespace,
      name,
      type: PATCH_TYPES[kind],
      patchJson: typeof patch === 'string' ? patch : JSON.stringify(patch),
      status: opts.status ?? false,
      dryRun: opts.dryRun ?? false,
    });
    return parse<T>(reply.objectJson);
  }

  async delete<T extends KubeObject>(
    resource: ResourceInfo<T>,
    namespace: string,
    name: string,
    options: DeleteOptions & WriteOptions = {},
  ): Promise<DeleteResult<T>> {
    const { dryRun, ...deleteOptions } = options;
    const reply = await this.unary(this.stub.delete, {
      ref: ref(resource),
      namespace,
      name,
      optionsJson: Object.keys(deleteOptions).length > 0 ? JSON.stringify(deleteOptions) : '',
      dryRun: dryRun ?? false,
    });
    return { object: parse<T>(reply.objectJson), deleted: reply.deleted };
  }

  /** pods/binding; the apiserver answers a Success Status, as Kubernetes does, so nothing comes back. */
  async bind(namespace: string, podName: string, nodeName: string): Promise<void> {
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: podName, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    await this.unary(this.stub.bind, { namespace, bindingJson: JSON.stringify(binding) });
  }

  /** serviceaccounts/<name>/token: a signed token for the account, as the TokenRequest's status carries it. */
  async createToken(namespace: string, serviceAccount: string, request: TokenRequest): Promise<TokenRequest> {
    const reply = await this.unary(this.stub.createToken, { namespace, name: serviceAccount, tokenRequestJson: JSON.stringify(request) });
    return parse<TokenRequest>(reply.objectJson);
  }

  watch<T extends KubeObject>(resource: ResourceInfo<T>, opts: WatchOptions = {}): WatchStream<T> {
    const call = this.stub.watch({
      ref: ref(resource),
      namespace: opts.namespace ?? '',
      labelSelector: opts.labelSelector ?? '',
      fieldSelector: opts.fieldSelector ?? '',
      resourceVersion: opts.resourceVersion ?? '',
      allowBookmarks: opts.allowBookmarks ?? false,
    });
    let cancelled = false;
    async function* events(): AsyncGenerator<WatchEvent<T>> {
      try {
        for await (const message of messagesOf(call)) {
          yield { type: message.type as WatchEvent['type'], object: parse<T>(message.objectJson) };
        }
      } catch (err) {
        if (cancelled) return;
        throw fromServiceError(err);
      }
    }
    const iterator = events();
    return {
      [Symbol.asyncIterator]: () => iterator,
      cancel: () => {
        cancelled = true;
        call.cancel();
      },
    };
  }

  /** A container's log, relayed from its node's agent; with `follow` it lasts until the container stops or cancel(). */
  podLogs(namespace: string, name: string, opts: PodLogOptions = {}): ByteStream {
    const request: LogsRequest = {
      namespace,
      name,
      container: opts.container ?? '',
      follow: opts.follow ?? false,
      tailLines: opts.tailLines ?? 0,
      hasTailLines: opts.tailLines !== undefined,
      previous: opts.previous ?? false,
      timestamps: opts.timestamps ?? false,
      sinceSeconds: opts.sinceSeconds ?? 0,
    };
    return byteStreamOf(this.stub.podLogs(request));
  }

  /** Runs a command in a container of a pod; output goes to `sink` as it comes, `done` gives the exit code. */
  podExec(namespace: string, name: string, opts: PodExecOptions, sink: ExecOutputSink): ExecSession {
    const start: ExecStart = {
      namespace,
      name,
      container: opts.container ?? '',
      command: opts.command,
      stdin: opts.stdin ?? false,
      tty: opts.tty ?? false,
    };
    return openExecSession(this.stub.podExec(), start, sink, start.stdin === true);
  }

  private async write<T extends KubeObject>(
    method: UnaryMethod<UpdateRequest, ObjectReply__Output>,
    resource: ResourceInfo<T>,
    obj: T,
    opts: WriteOptions,
    subresource = '',
  ): Promise<T> {
    const reply = await this.unary(method, {
      ref: ref(resource),
      namespace: obj.metadata?.namespace ?? '',
      objectJson: JSON.stringify(obj),
      dryRun: opts.dryRun ?? false,
      subresource,
    });
    return parse<T>(reply.objectJson);
  }

  /** metrics.k8s.io PodMetrics of the running pods the selector picks ("" namespace: all), from the agents' newest samples. */
  async listPodMetrics(namespace: string, labelSelector = ''): Promise<MetricsList<PodMetrics>> {
    const reply = await this.unary(this.stub.listMetrics, { ref: { group: METRICS_GROUP, resource: 'pods' }, namespace, labelSelector });
    return parse<MetricsList<PodMetrics>>(reply.listJson);
  }

  /** metrics.k8s.io NodeMetrics of the nodes the selector picks. */
  async listNodeMetrics(labelSelector = ''): Promise<MetricsList<NodeMetrics>> {
    const reply = await this.unary(this.stub.listMetrics, { ref: { group: METRICS_GROUP, resource: 'nodes' }, labelSelector });
    return parse<MetricsList<NodeMetrics>>(reply.listJson);
  }

  /**
   * Calls `method` of the stub with a deadline and settles with its reply.
   * The request's type comes from the method alone (NoInfer), so a misspelt
   * field is an error rather than a widened request type.
   */
  private unary<Request, Reply>(method: UnaryMethod<Request, Reply>, request: NoInfer<Request>): Promise<Reply> {
    const withOptions: UnaryWithOptions<Request, Reply> = method;
    return new Promise((resolve, reject) => {
      withOptions.call(this.stub, request, new grpc.Metadata(), { deadline: Date.now() + UNARY_DEADLINE_MS }, (err, reply) => {
        if (err) reject(fromServiceError(err));
        else if (reply === undefined) reject(new ApiError('InternalError', 'the server sent an empty reply'));
        else resolve(reply);
      });
    });
  }
}

function ref(resource: ResourceInfo): ResourceRef {
  return { group: resource.group, resource: resource.plural };
}

function parse<T>(json: string): T {
  if (json === '') throw new ApiError('InternalError', 'the server sent an empty reply');
  return JSON.parse(json) as T;
}
