// root-ca-cert-publisher: every active namespace has the ConfigMap
// kube-root-ca.crt holding the cluster CA (--root-ca-file), so pods' token
// volumes can trust the apiserver; a deleted or changed copy is put back.
import { isApiError } from '../../api/errors.js';
import { ROOT_CA_CONFIG_MAP, ROOT_CA_KEY } from '../../api/kinds/serviceaccount.js';
import { resources } from '../../api/resources.js';
import type { ConfigMap, Namespace } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { isActive } from './active-namespace.js';

const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class RootCaPublisher extends QueueController {
  private readonly namespaces: Informer<Namespace>;
  private readonly configMaps: Informer<ConfigMap>;

  /** `rootCa`: the PEM text every namespace gets. */
  constructor(
    ctx: ControllerContext,
    private readonly rootCa: string,
  ) {
    super(ctx, 'root-ca-cert-publisher');
    this.namespaces = ctx.factory.informerFor(resources.namespaces);
    this.configMaps = ctx.factory.informerFor(resources.configMaps);
    const namespaceChanged = (ns: Namespace): void => this.queue.add(ns.metadata.name ?? '');
    this.namespaces.addEventHandler({ onAdd: namespaceChanged, onUpdate: (_old, ns) => namespaceChanged(ns) });
    const configMapChanged = (cm: ConfigMap): void => {
      if (cm.metadata.name === ROOT_CA_CONFIG_MAP) this.queue.add(cm.metadata.namespace ?? '');
    };
    this.configMaps.addEventHandler({ onUpdate: (_old, cm) => configMapChanged(cm), onDelete: configMapChanged });
  }

  /** `key` is a namespace's name. */
  async sync(key: string): Promise<void> {
    const ns = this.namespaces.store.getByKey(key);
    if (!ns || !isActive(ns)) return;
    const current = this.configMaps.store.getByKey(`${key}/${ROOT_CA_CONFIG_MAP}`);
    if (current?.data?.[ROOT_CA_KEY] === this.rootCa) return;
    try {
      if (current) {
        const annotations = { ...(current.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
        await this.ctx.client.update(resources.configMaps, { ...current, metadata: { ...current.metadata, annotations }, data: { [ROOT_CA_KEY]: this.rootCa } });
      } else {
        const metadata = { name: ROOT_CA_CONFIG_MAP, namespace: key, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } };
        await this.ctx.client.create(resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [ROOT_CA_KEY]: this.rootCa } });
      }
      this.logger.info({ ns: key }, 'published the cluster CA');
    } catch (err) {
      // The cache was behind, or the namespace began terminating: the next event brings the key back.
      if (isApiError(err, 'AlreadyExists') || isApiError(err, 'Forbidden') || isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
