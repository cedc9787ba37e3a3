// The HTTP face of metrics.k8s.io/v1beta1: get and list of nodes and pods,
// with label (and for pods, field) selectors, as `kubectl top` asks them.
import { methodNotAllowed } from '../../api/errors.js';
import { sendJson } from '../http/http-reply.js';
import type { RouteHandler } from '../http/request-context.js';
import type { MetricsApi } from './metrics-api.js';
import { METRICS_API_VERSION } from './metrics-resources.js';

const PREFIX = `/apis/${METRICS_API_VERSION}/`;

type MetricsRequest =
  | { resource: 'nodes'; name?: string }
  | { resource: 'pods'; namespace: string; name?: string };

/** The request a path names under the group-version, or undefined for anything else (discovery answers the bare prefix). */
export function parseMetricsPath(pathname: string): MetricsRequest | undefined {
  if (!pathname.startsWith(PREFIX)) return undefined;
  const parts = pathname.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'nodes' && parts.length <= 2) return { resource: 'nodes', name: parts[1] };
  if (parts[0] === 'pods' && parts.length === 1) return { resource: 'pods', namespace: '' };
  if (parts[0] === 'namespaces' && parts[1] && parts[2] === 'pods' && parts.length <= 4) return { resource: 'pods', namespace: parts[1], name: parts[3] };
  return undefined;
}

export function metricsRoute(api: MetricsApi): RouteHandler {
  return async (ctx) => {
    const request = parseMetricsPath(ctx.url.pathname);
    if (!request) return false;
    if (ctx.req.method !== 'GET') throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    const labels = ctx.url.searchParams.get('labelSelector') ?? '';
    const fields = ctx.url.searchParams.get('fieldSelector') ?? '';
    let body: unknown;
    if (request.resource === 'nodes') body = request.name ? await api.getNodeMetrics(request.name) : await api.listNodeMetrics(labels);
    else body = request.name ? await api.getPodMetrics(request.namespace, request.name) : await api.listPodMetrics(request.namespace, labels, fields);
    sendJson(ctx.res, 200, body);
    return true;
  };
}
