// resourcequota: each quota's status (hard from spec, used recounted from the
// namespace's objects), as kube-controller-manager's ResourceQuotaController.
// Admission charges creates as they happen; this controller is what gives usage
// back when objects are deleted or pods finish, and what corrects any drift.
//
// The recount is exact under concurrent creates: the quota is read first, the
// objects are listed from the apiserver after it (so every create it was
// charged for is seen), and the status is written with the quota's
// resourceVersion, so a create charged in between makes the write conflict
// and the sync run again.
import { isApiError } from '../../api/errors.js';
import { KINDS } from '../../api/kinds/registry.js';
import { addAmounts, formatAmounts, type Amounts } from '../../api/quota/resource-amounts.js';
import { countResourceName, hardOf, kindOfResourceName, objectUsage, podCountsAgainstQuota } from '../../api/quota/usage.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject, ResourceQuota } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';

/** Every quota is recounted this often even without events, as upstream's --resource-quota-sync-period (shorter here). */
export const QUOTA_RESYNC_MS = 60_000;

/** The kinds whose changes can give usage back, watched so a quota is recounted at once. */
const WATCHED: readonly ResourceInfo[] = [resources.pods, resources.services, resources.configMaps, resources.secrets, resources.persistentVolumeClaims];

export class ResourceQuotaController extends QueueController {
  private readonly quotas: Informer<ResourceQuota>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'resourcequota');
    this.quotas = ctx.factory.informerFor(resources.resourceQuotas);
    this.quotas.addEventHandler({
      onAdd: (q) => this.enqueue(q),
      // Our own status writes come back here too: only a changed spec asks for a recount.
      onUpdate: (old, q) => {
        if (JSON.stringify(old.spec) !== JSON.stringify(q.spec)) this.enqueue(q);
      },
    });
    for (const info of WATCHED) {
      const informer = ctx.factory.informerFor(info);
      informer.addEventHandler({
        onDelete: (obj) => this.enqueueNamespace(obj),
        onUpdate: (old, obj) => {
          if (info === resources.pods && podCountsAgainstQuota(old) !== podCountsAgainstQuota(obj)) this.enqueueNamespace(obj);
        },
      });
    }
  }

  private enqueueNamespace(obj: KubeObject): void {
    const namespace = obj.metadata.namespace ?? '';
    for (const q of this.quotas.store.list()) if (q.metadata.namespace === namespace) this.enqueue(q);
  }

  /** `key` is a quota's namespace/name. */
  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    let quota: ResourceQuota;
    try {
      quota = await this.ctx.client.get(resources.resourceQuotas, namespace, name);
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      throw err;
    }
    const used = await this.recount(quota);
    const status = { hard: { ...(quota.spec?.hard ?? {}) }, used };
    if (JSON.stringify(quota.status ?? {}) !== JSON.stringify(status)) {
      // Conflict: a create was charged meanwhile; the queue retries with a fresh read.
      await this.ctx.client.updateStatus(resources.resourceQuotas, { ...quota, status });
      this.logger.debug({ quota: key, used }, 'recounted quota usage');
    }
    this.queue.addAfter(key, QUOTA_RESYNC_MS);
  }

  /** What the namespace uses now of everything the quota limits. */
  private async recount(quota: ResourceQuota): Promise<Record<string, string>> {
    const namespace = quota.metadata.namespace ?? '';
    const hard = hardOf(quota);
    const byKind = new Map<ResourceInfo, Promise<Amounts>>();
    const used: Amounts = new Map();
    for (const name of hard.keys()) {
      const kind = kindOfResourceName(name);
      const info = kind && KINDS.find((k) => k.plural === kind.plural && k.group === kind.group && k.namespaced);
      if (!info) {
        used.set(name, 0n);
        continue;
      }
      if (!byKind.has(info)) byKind.set(info, this.usageOf(info, namespace));
      const total = await byKind.get(info);
      used.set(name, total?.get(name) ?? 0n);
    }
    return formatAmounts(used);
  }

  private async usageOf(info: ResourceInfo, namespace: string): Promise<Amounts> {
    const list = await this.ctx.client.list(info, { namespace });
    let total: Amounts = new Map([[countResourceName(info), 0n]]);
    for (const obj of list.items) total = addAmounts(total, objectUsage(info, obj));
    return total;
  }
}
