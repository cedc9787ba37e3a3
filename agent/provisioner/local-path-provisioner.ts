// The local-path provisioner of this node. Its volumes are directories on the
// node's own disk, so it runs where the disk is: inside each agent, acting only
// on claims the scheduler placed on this node (volume.kubernetes.io/selected-node)
// and on its own volumes of this node. Level-triggered from its own informers
// (claims, volumes, classes): a restarted agent finds what is left to do, and the
// volume's deterministic name makes mkdir + create safe to repeat.
import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import type { ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Clock } from '../clock.js';
import { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { runWorkers } from '../../client/run-workers.js';
import { WorkQueue } from '../../client/work-queue.js';
import { claimClass } from '../../api/storage/volume-matching.js';
import type { VolumeDirs } from './local-volume-dirs.js';
import { decideClaim, provisionedVolumeName, shouldDeleteVolume } from './provisioner-decisions.js';

/** How long the provisioner waits for its first lists. */
export const PROVISIONER_SYNC_TIMEOUT_MS = 60_000;
const WORKERS = 2;
const CLAIM_PREFIX = 'claim/';
const VOLUME_PREFIX = 'volume/';

export interface LocalPathProvisionerOptions {
  client: ApiClient;
  nodeName: string;
  dirs: VolumeDirs;
  recorder: EventRecorder;
  logger: Logger;
  /** Times the queue's retries; default: the system clock. */
  clock?: Clock;
}

export class LocalPathProvisioner {
  private readonly claims: Informer<PersistentVolumeClaim>;
  private readonly volumes: Informer<PersistentVolume>;
  private readonly classes: Informer<StorageClass>;
  private readonly queue: WorkQueue;
  private readonly logger: Logger;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: LocalPathProvisionerOptions) {
    this.logger = opts.logger.child({ component: 'local-path-provisioner' });
    this.queue = new WorkQueue({ name: 'local-path-provisioner', clock: opts.clock });
    this.claims = new Informer(opts.client, resources.persistentVolumeClaims, {}, this.logger);
    this.volumes = new Informer(opts.client, resources.persistentVolumes, {}, this.logger);
    this.classes = new Informer(opts.client, resources.storageClasses, {}, this.logger);
    const claimChanged = (c: PersistentVolumeClaim): void => this.queue.add(CLAIM_PREFIX + keyOf(c));
    const volumeChanged = (v: PersistentVolume): void => this.queue.add(VOLUME_PREFIX + (v.metadata.name ?? ''));
    this.claims.addEventHandler({ onAdd: claimChanged, onUpdate: (_old, c) => claimChanged(c) });
    this.volumes.addEventHandler({ onAdd: volumeChanged, onUpdate: (_old, v) => volumeChanged(v) });
    this.classes.addEventHandler({
      onAdd: () => this.claims.store.list().forEach(claimChanged),
      onUpdate: () => this.claims.store.list().forEach(claimChanged),
    });
  }

  async start(): Promise<void> {
    for (const informer of [this.claims, this.volumes, this.classes]) informer.start();
    await Promise.all([this.claims, this.volumes, this.classes].map((i) => i.waitForSync(PROVISIONER_SYNC_TIMEOUT_MS)));
    this.workers = runWorkers(this.queue, WORKERS, (key) => this.sync(key), this.logger);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
    await Promise.all([this.claims.stop(), this.volumes.stop(), this.classes.stop()]);
  }

  async sync(key: string): Promise<void> {
    if (key.startsWith(CLAIM_PREFIX)) {
      const claim = this.claims.store.getByKey(key.slice(CLAIM_PREFIX.length));
      if (claim) await this.syncClaim(claim);
    } else if (key.startsWith(VOLUME_PREFIX)) {
      const volume = this.volumes.store.get('', key.slice(VOLUME_PREFIX.length));
      if (volume) await this.syncVolume(volume);
    }
  }

  private async syncClaim(claim: PersistentVolumeClaim): Promise<void> {
    const name = provisionedVolumeName(claim);
    const className = claimClass(claim);
    const decision = decideClaim(claim, {
      nodeName: this.opts.nodeName,
      storageClass: className ? this.classes.store.get('', className) : undefined,
      path: this.opts.dirs.pathOf(name),
      volumeExists: this.volumes.store.get('', name) !== undefined,
    });
    if (decision.action === 'warn') this.opts.recorder.event(claim, 'Warning', decision.reason, decision.message);
    if (decision.action !== 'provision') return;
    try {
      await this.opts.dirs.create(name);
      await this.opts.client.create(resources.persistentVolumes, decision.volume);
    } catch (err) {
      // A create our cache has not seen yet: the volume is there, as wanted.
      if (isApiError(err, 'AlreadyExists')) return;
      this.opts.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume ${name}: ${errorText(err)}`);
      throw err;
    }
    this.logger.info({ ns: claim.metadata.namespace, claim: claim.metadata.name, pv: name }, 'provisioned volume');
    this.opts.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }

  private async syncVolume(volume: PersistentVolume): Promise<void> {
    if (!shouldDeleteVolume(volume, this.opts.nodeName)) return;
    const name = volume.metadata.name ?? '';
    try {
      const dir = this.opts.dirs.pathOf(name);
      // Remove only the directory we made for this name, never a path someone edited into the volume.
      if (volume.spec?.hostPath?.path !== dir) throw new Error(`its hostPath ${volume.spec?.hostPath?.path ?? '(none)'} is not ${dir}, the directory this node made for it`);
      await this.opts.dirs.remove(name);
      await this.opts.client.delete(resources.persistentVolumes, '', name, { preconditions: { uid: volume.metadata.uid } });
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      this.opts.recorder.event(volume, 'Warning', 'VolumeFailedDelete', `failed to delete volume ${name}: ${errorText(err)}`);
      throw err;
    }
    this.logger.info({ pv: name }, 'deleted released volume and its directory');
    this.opts.recorder.event(volume, 'Normal', 'VolumeDeleted', `Deleted volume ${name} and its directory`);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
