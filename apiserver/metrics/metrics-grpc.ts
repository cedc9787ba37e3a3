// ListMetrics over gRPC, for the components (the HPA controller reads
// PodMetrics here, as Kubernetes' reads them through the metrics API).
import type * as grpc from '@grpc/grpc-js';
import { ApiError } from '../../api/errors.js';
import { toServiceError } from '../../client/grpc-status.js';
import type { ListReply } from '../../proto/generated/flotilla/v1/ListReply.js';
import type { ListRequest__Output } from '../../proto/generated/flotilla/v1/ListRequest.js';
import type { MetricsApi } from './metrics-api.js';
import { METRICS_GROUP } from './metrics-resources.js';

async function listMetrics(api: MetricsApi, req: ListRequest__Output): Promise<unknown> {
  const group = req.ref?.group ?? '';
  if (group !== '' && group !== METRICS_GROUP) throw new ApiError('NotFound', `the server doesn't have a resource type "${req.ref?.resource}.${group}"`);
  if (req.ref?.resource === 'nodes') return api.listNodeMetrics(req.labelSelector);
  if (req.ref?.resource === 'pods') return api.listPodMetrics(req.namespace, req.labelSelector, req.fieldSelector);
  throw new ApiError('NotFound', `the server doesn't have a resource type "${req.ref?.resource ?? ''}.${METRICS_GROUP}"`);
}

export function metricsListHandler(api: MetricsApi): grpc.handleUnaryCall<ListRequest__Output, ListReply> {
  return (call, callback) => {
    listMetrics(api, call.request).then(
      (list) => callback(null, { listJson: JSON.stringify(list) }),
      (err: unknown) => callback(toServiceError(err)),
    );
  };
}
