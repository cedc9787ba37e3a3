// The caches an authorizer reads, started and stopped together: the
// authorizer may answer only once every one of them holds its first list,
// else it would refuse what a late cache would have allowed.
import type { KubeObject } from '../../api/types/meta.js';
import type { Informer } from '../../client/informer.js';

type Startable = Pick<Informer<KubeObject>, 'start' | 'stop' | 'waitForSync'>;

export class InformerGroup {
  private readonly informers: readonly Startable[];

  constructor(informers: readonly Startable[]) {
    this.informers = informers;
  }

  start(): void {
    for (const informer of this.informers) informer.start();
  }

  async waitForSync(timeoutMs: number): Promise<void> {
    await Promise.all(this.informers.map((i) => i.waitForSync(timeoutMs)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  /** Starts the caches and waits for their first lists; on failure stops them (and runs `cleanup`) before throwing. */
  async startSynced(timeoutMs: number, cleanup: () => void = () => {}): Promise<void> {
    this.start();
    try {
      await this.waitForSync(timeoutMs);
    } catch (err) {
      await this.stop();
      cleanup();
      throw err;
    }
  }
}
