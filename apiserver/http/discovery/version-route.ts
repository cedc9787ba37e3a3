// GET /version: the first request of many kubectl commands.
import { prepareJson, sendPrepared } from '../prepared-body.js';
import type { RouteHandler } from '../request-context.js';
import { flotillaVersionInfo, type VersionInfo } from './version-info.js';

export function versionRoute(info: VersionInfo = flotillaVersionInfo()): RouteHandler {
  const body = prepareJson(info);
  return async (ctx) => {
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return false;
    if (ctx.url.pathname !== '/version' && ctx.url.pathname !== '/version/') return false;
    sendPrepared(ctx.req, ctx.res, body);
    return true;
  };
}
