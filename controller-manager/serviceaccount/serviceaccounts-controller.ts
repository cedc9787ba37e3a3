// serviceaccount: every active namespace has a `default` ServiceAccount, made
// again when it is deleted, as kube-controller-manager's ServiceAccountsController.
import { isApiError } from '../../api/errors.js';
import { DEFAULT_SERVICE_ACCOUNT } from '../../api/kinds/serviceaccount.js';
import { resources } from '../../api/resources.js';
import type { Namespace, ServiceAccount } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { isActive } from './active-namespace.js';

export class ServiceAccountsController extends QueueController {
  private readonly namespaces: Informer<Namespace>;
  private readonly accounts: Informer<ServiceAccount>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'serviceaccount');
    this.namespaces = ctx.factory.informerFor(resources.namespaces);
    this.accounts = ctx.factory.informerFor(resources.serviceAccounts);
    const namespaceChanged = (ns: Namespace): void => this.queue.add(ns.metadata.name ?? '');
    this.namespaces.addEventHandler({ onAdd: namespaceChanged, onUpdate: (_old, ns) => namespaceChanged(ns) });
    this.accounts.addEventHandler({
      onDelete: (account) => {
        if (account.metadata.name === DEFAULT_SERVICE_ACCOUNT) this.queue.add(account.metadata.namespace ?? '');
      },
    });
  }

  /** `key` is a namespace's name. */
  async sync(key: string): Promise<void> {
    const ns = this.namespaces.store.getByKey(key);
    if (!ns || !isActive(ns)) return;
    if (this.accounts.store.getByKey(`${key}/${DEFAULT_SERVICE_ACCOUNT}`)) return;
    const account: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: key } };
    try {
      await this.ctx.client.create(resources.serviceAccounts, account);
      this.logger.info({ ns: key }, 'created the default service account');
    } catch (err) {
      // The cache was behind, or the namespace began terminating: both leave nothing to do.
      if (isApiError(err, 'AlreadyExists') || isApiError(err, 'Forbidden') || isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
