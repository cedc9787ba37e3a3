// pv-protection: a volume being deleted keeps kubernetes.io/pv-protection
// while a claim is bound to it; once it is not Bound, the finalizer goes.
import { resources } from '../../api/resources.js';
import { PV_PROTECTION_FINALIZER } from '../../api/storage/names.js';
import type { PersistentVolume } from '../../api/types/storage.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { ignoreNotFound } from '../common/not-found.js';
import { QueueController } from '../common/queue-controller.js';
import { heldForDeletion, volumeMayBeReleased, withoutFinalizer } from './protection-rules.js';

export class PvProtectionController extends QueueController {
  private readonly volumes: Informer<PersistentVolume>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'pv-protection');
    this.volumes = ctx.factory.informerFor(resources.persistentVolumes);
    this.volumes.addEventHandler({ onAdd: (v) => this.enqueue(v), onUpdate: (_old, v) => this.enqueue(v) });
  }

  async sync(key: string): Promise<void> {
    const volume = this.volumes.store.getByKey(key);
    if (!volume || !heldForDeletion(volume, PV_PROTECTION_FINALIZER) || !volumeMayBeReleased(volume)) return;
    // Written against the cached resourceVersion: a volume bound meanwhile answers Conflict and is judged again.
    await ignoreNotFound(this.ctx.client.update(resources.persistentVolumes, withoutFinalizer(volume, PV_PROTECTION_FINALIZER)));
    this.logger.info({ pv: volume.metadata.name }, 'removed the protection finalizer of an unbound volume');
  }
}
