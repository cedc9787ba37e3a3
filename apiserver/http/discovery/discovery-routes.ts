// GET /api, /apis, /apis/<group>, /api/v1 and /apis/<group>/<version>.
// Every document is built once from the kinds; the Accept header only picks
// which prepared body to write. /api and /apis answer aggregated discovery when
// the client asks for it and legacy JSON otherwise, as kube-apiserver does.
import { admitsPlainJson, parseAccept } from '../accept-header.js';
import { prepareJson, sendPrepared, type PreparedBody } from '../prepared-body.js';
import type { RequestContext, RouteHandler } from '../request-context.js';
import {
  AGGREGATED_DISCOVERY_GROUP,
  AGGREGATED_DISCOVERY_VERSIONS,
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  type AggregatedDiscoveryVersion,
  type DiscoveryRoot,
} from './aggregated-discovery.js';
import { servedGroups } from './group-versions.js';
import type { DiscoverableResource } from './served-resources.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy-discovery.js';
import { sendNotAcceptable } from './not-acceptable.js';

const JSON_ONLY = ['application/json'];

/** The aggregated version a range asks for, 'legacy' for plain JSON, undefined when it fits neither. */
export function discoveryFormatFor(accept: string | string[] | undefined): AggregatedDiscoveryVersion | 'legacy' | undefined {
  for (const range of parseAccept(accept)) {
    const { g, v, as } = range.params;
    if (range.type === 'application' && range.subtype === 'json' && g === AGGREGATED_DISCOVERY_GROUP && as === 'APIGroupDiscoveryList') {
      const version = AGGREGATED_DISCOVERY_VERSIONS.find((known) => known === v);
      if (version) return version;
      continue;
    }
    if (g === undefined && v === undefined && admitsPlainJson(range)) return 'legacy';
  }
  return undefined;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function discoveryRoutes(kinds: readonly DiscoverableResource[]): RouteHandler {
  const aggregated = new Map<string, PreparedBody>();
  for (const root of ['api', 'apis'] as const) {
    for (const version of AGGREGATED_DISCOVERY_VERSIONS) {
      aggregated.set(`${root}:${version}`, prepareJson(aggregatedDiscovery(kinds, root, version), aggregatedDiscoveryContentType(version)));
    }
  }
  const legacy = new Map<string, PreparedBody>();
  legacy.set('/apis', prepareJson(apiGroupList(kinds)));
  for (const group of servedGroups(kinds)) {
    const groupDoc = apiGroup(kinds, group.name);
    if (groupDoc) legacy.set(`/apis/${group.name}`, prepareJson(groupDoc));
    for (const v of group.versions) {
      const path = group.name === '' ? `/api/${v.version}` : `/apis/${group.name}/${v.version}`;
      legacy.set(path, prepareJson(apiResourceList(kinds, group.name, v.version)));
    }
  }

  const serveRoot = (ctx: RequestContext, root: DiscoveryRoot): void => {
    const format = discoveryFormatFor(ctx.req.headers.accept);
    if (format === undefined) {
      sendNotAcceptable(ctx.res, [aggregatedDiscoveryContentType('v2'), aggregatedDiscoveryContentType('v2beta1'), 'application/json']);
      return;
    }
    // The reply differs by Accept, so caches must key on it.
    const vary = { Vary: 'Accept' };
    if (format !== 'legacy') {
      const body = aggregated.get(`${root}:${format}`);
      if (body) sendPrepared(ctx.req, ctx.res, body, vary);
      return;
    }
    const body = root === 'api' ? prepareJson(apiVersions(kinds, ctx.url.host)) : legacy.get('/apis');
    if (body) sendPrepared(ctx.req, ctx.res, body, vary);
  };

  return async (ctx) => {
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return false;
    const path = trimSlash(ctx.url.pathname);
    if (path === '/api' || path === '/apis') {
      serveRoot(ctx, path === '/api' ? 'api' : 'apis');
      return true;
    }
    const body = legacy.get(path);
    if (!body) return false;
    if (!parseAccept(ctx.req.headers.accept).some(admitsPlainJson)) {
      sendNotAcceptable(ctx.res, JSON_ONLY);
      return true;
    }
    sendPrepared(ctx.req, ctx.res, body);
    return true;
  };
}
