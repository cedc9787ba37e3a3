// List: one prefix range, filtered on the server, as a <Kind>List at the range's revision.
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject } from '../../api/types/index.js';
import { decodeObject } from '../storage/codec.js';
import { matchesFilter, type WatchFilter } from '../watch/watch-filter.js';
import type { RegistryContext } from './context.js';

export async function listObjects(ctx: RegistryContext, filter: WatchFilter): Promise<KubeList> {
  const { info } = filter;
  const range = await ctx.store.range(ctx.keys.resourcePrefix(info, filter.namespace));
  const items: KubeObject[] = [];
  for (const kv of range.items) {
    let obj: KubeObject;
    try {
      obj = decodeObject(kv.value, kv.modRevision);
    } catch (err) {
      ctx.log.error({ err, key: kv.key }, 'skipping undecodable stored object');
      continue;
    }
    if (matchesFilter(filter, obj)) items.push(obj);
  }
  return listOf(info, items, range.revision);
}

export function listOf(info: ResourceInfo, items: KubeObject[], revision: number): KubeList {
  return {
    apiVersion: apiVersionOf(info),
    kind: `${info.kind}List`,
    metadata: { resourceVersion: String(revision) },
    items,
  };
}
