// The persistentvolume-binder: binds claims to volumes and keeps both sides'
// phases true, as Kubernetes' PersistentVolumeController. One queue carries
// both kinds, keyed `claim/<ns>/<name>` and `volume/<name>`; claims and volumes
// wake each other, and a volume that becomes free (or a new class) wakes the
// claims still waiting.
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Node } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import type { ControllerContext } from '../common/controller-context.js';
import { ignoreNotFound } from '../common/not-found.js';
import { QueueController } from '../common/queue-controller.js';
import type { BinderDeps } from './binder-deps.js';
import { syncClaim } from './claim-sync.js';
import { syncVolume } from './volume-sync.js';

const CLAIM_PREFIX = 'claim/';
const VOLUME_PREFIX = 'volume/';

export class PersistentVolumeController extends QueueController {
  private readonly volumes: Informer<PersistentVolume>;
  private readonly claims: Informer<PersistentVolumeClaim>;
  private readonly classes: Informer<StorageClass>;
  private readonly nodes: Informer<Node>;
  private readonly deps: BinderDeps;

  constructor(ctx: ControllerContext) {
    super(ctx, 'persistentvolume-binder');
    this.volumes = ctx.factory.informerFor(resources.persistentVolumes);
    this.claims = ctx.factory.informerFor(resources.persistentVolumeClaims);
    this.classes = ctx.factory.informerFor(resources.storageClasses);
    this.nodes = ctx.factory.informerFor(resources.nodes);
    this.deps = this.binderDeps();
    this.volumes.addEventHandler({
      onAdd: (v) => this.volumeChanged(v),
      onUpdate: (_old, v) => this.volumeChanged(v),
      onDelete: (v) => this.volumeChanged(v),
    });
    this.claims.addEventHandler({
      onAdd: (c) => this.enqueueClaimObject(c),
      onUpdate: (_old, c) => this.enqueueClaimObject(c),
      // The claim's volume is Released now.
      onDelete: (c) => {
        if (c.spec?.volumeName) this.queue.add(VOLUME_PREFIX + c.spec.volumeName);
      },
    });
    this.classes.addEventHandler({ onAdd: () => this.enqueueWaitingClaims(), onUpdate: () => this.enqueueWaitingClaims() });
  }

  async sync(key: string): Promise<void> {
    try {
      if (key.startsWith(CLAIM_PREFIX)) {
        const claim = this.claims.store.getByKey(key.slice(CLAIM_PREFIX.length));
        if (claim) await syncClaim(this.deps, claim);
      } else if (key.startsWith(VOLUME_PREFIX)) {
        const volume = this.volumes.store.get('', key.slice(VOLUME_PREFIX.length));
        if (volume) await syncVolume(this.deps, volume);
      }
    } catch (err) {
      // Our cache was behind a write (often our own): try again once it has caught up.
      if (isApiError(err, 'Conflict')) {
        this.logger.debug({ key }, 'object changed meanwhile; syncing again');
        this.queue.addRateLimited(key);
        return;
      }
      if (isApiError(err, 'NotFound')) return;
      throw err;
    }
  }

  private enqueueClaimObject(claim: PersistentVolumeClaim): void {
    this.queue.add(CLAIM_PREFIX + keyOf(claim));
  }

  private volumeChanged(volume: PersistentVolume): void {
    this.queue.add(VOLUME_PREFIX + (volume.metadata.name ?? ''));
    const ref = volume.spec?.claimRef;
    if (ref?.name) this.queue.add(`${CLAIM_PREFIX}${ref.namespace ?? ''}/${ref.name}`);
    else this.enqueueWaitingClaims();
  }

  /** Claims with no volume yet: a new volume or class may be what they wait for. */
  private enqueueWaitingClaims(): void {
    for (const claim of this.claims.store.list()) {
      if (!claim.spec?.volumeName) this.enqueueClaimObject(claim);
    }
  }

  private binderDeps(): BinderDeps {
    const { client, recorder, clock } = this.ctx;
    return {
      client,
      clock,
      event: (obj, type, reason, message) => recorder.event(obj, type, reason, message),
      volume: (name) => this.volumes.store.get('', name),
      volumes: () => this.volumes.store.list(),
      claim: (namespace, name) => this.claims.store.get(namespace, name),
      storageClass: (name) => this.classes.store.get('', name),
      node: (name) => this.nodes.store.get('', name),
      liveVolume: (name) => ignoreNotFound(client.get(resources.persistentVolumes, '', name)),
      liveClaim: (namespace, name) => ignoreNotFound(client.get(resources.persistentVolumeClaims, namespace, name)),
      enqueueClaim: (namespace, name) => this.queue.add(`${CLAIM_PREFIX}${namespace}/${name}`),
    };
  }
}

