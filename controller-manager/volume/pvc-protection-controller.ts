// pvc-protection: a claim being deleted keeps kubernetes.io/pvc-protection
// while a pod that may still run uses it, so its data is not taken from under
// the pod; once none does, the finalizer goes and the deletion completes.
import { resources } from '../../api/resources.js';
import { PVC_PROTECTION_FINALIZER } from '../../api/storage/names.js';
import { podClaimNames } from '../../api/storage/pod-claims.js';
import type { Pod } from '../../api/types/index.js';
import type { PersistentVolumeClaim } from '../../api/types/storage.js';
import type { Informer } from '../../client/informer.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { ignoreNotFound } from '../common/not-found.js';
import { QueueController } from '../common/queue-controller.js';
import { claimMayBeReleased, claimUsers, heldForDeletion, withoutFinalizer } from './protection-rules.js';

const PODS_BY_CLAIM = 'pvc-protection/claims';

export class PvcProtectionController extends QueueController {
  private readonly claims: Informer<PersistentVolumeClaim>;
  private readonly pods: Informer<Pod>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'pvc-protection');
    this.claims = ctx.factory.informerFor(resources.persistentVolumeClaims);
    this.pods = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.pods.store, PODS_BY_CLAIM, (pod) => podClaimNames(pod).map((name) => `${pod.metadata.namespace ?? ''}/${name}`));
    this.claims.addEventHandler({ onAdd: (c) => this.enqueue(c), onUpdate: (_old, c) => this.enqueue(c) });
    // A pod that finishes or goes may be the last user of a claim being deleted.
    const podChanged = (pod: Pod): void => {
      for (const name of podClaimNames(pod)) this.queue.add(`${pod.metadata.namespace ?? ''}/${name}`);
    };
    this.pods.addEventHandler({ onAdd: podChanged, onUpdate: (_old, pod) => podChanged(pod), onDelete: podChanged });
  }

  async sync(key: string): Promise<void> {
    const claim = this.claims.store.getByKey(key);
    if (!claim || !heldForDeletion(claim, PVC_PROTECTION_FINALIZER)) return;
    if (!claimMayBeReleased(claim, this.pods.store.byIndex(PODS_BY_CLAIM, key))) return;
    // The cache may not have a pod created a moment ago: ask the apiserver before letting go.
    const live = await this.ctx.client.list(resources.pods, { namespace: claim.metadata.namespace ?? '' });
    const users = claimUsers(claim, live.items);
    if (users.length > 0) {
      this.logger.debug({ ns: claim.metadata.namespace, claim: claim.metadata.name, pod: users[0].metadata.name }, 'claim still in use');
      return;
    }
    await ignoreNotFound(this.ctx.client.update(resources.persistentVolumeClaims, withoutFinalizer(claim, PVC_PROTECTION_FINALIZER)));
    this.logger.info({ ns: claim.metadata.namespace, claim: claim.metadata.name }, 'removed the protection finalizer of an unused claim');
  }
}
