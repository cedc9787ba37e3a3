// Pod garbage collection: terminated pods beyond the threshold (oldest
// first), and pods bound to nodes that no longer exist (force-deleted, since no
// agent is left to finish them).
import { isApiError } from '../../api/errors.js';
import type { Node, Pod } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { sleep } from '../../client/abort-helpers.js';
import type { Controller, ControllerContext } from '../common/controller-context.js';
import { resources } from '../../api/resources.js';

export interface PodGcOptions {
  periodMs: number;
  /** Terminated pods kept; 0: no limit. */
  terminatedThreshold: number;
}

export class PodGcController implements Controller {
  readonly name = 'podgc';
  private readonly ctx: ControllerContext;
  private readonly logger: Logger;
  private readonly opts: PodGcOptions;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;

  constructor(ctx: ControllerContext, opts: PodGcOptions) {
    this.ctx = ctx;
    this.opts = opts;
    this.logger = ctx.logger.child({ controller: this.name });
    this.pods = ctx.factory.informerFor(resources.pods);
    this.nodes = ctx.factory.informerFor(resources.nodes);
  }

  /** A periodic sweep rather than a queue: it looks at all pods at once, as Kubernetes' podgc. */
  async run(_workers: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (err) {
        this.logger.error({ err }, 'pod garbage collection failed; trying again next period');
      }
      await sleep(this.opts.periodMs, signal);
    }
  }

  async sweep(): Promise<void> {
    await this.collectTerminated();
    await this.collectOrphaned();
  }

  private async collectTerminated(): Promise<void> {
    if (this.opts.terminatedThreshold <= 0) return;
    const terminated = this.pods.store
      .list()
      .filter((p) => (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') && !p.metadata.deletionTimestamp);
    const excess = terminated.length - this.opts.terminatedThreshold;
    if (excess <= 0) return;
    terminated.sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
    for (const pod of terminated.slice(0, excess)) await this.forceDelete(pod, 'terminated pod beyond the threshold');
  }

  private async collectOrphaned(): Promise<void> {
    const missing = new Map<string, boolean>();
    for (const pod of this.pods.store.list()) {
      const nodeName = pod.spec.nodeName;
      if (!nodeName || this.nodes.store.get('', nodeName)) continue;
      let gone = missing.get(nodeName);
      if (gone === undefined) {
        // The cache may lag behind a node that just registered: ask before deleting.
        gone = await this.ctx.client.get(resources.nodes, '', nodeName).then(
          () => false,
          (err: unknown) => {
            if (isApiError(err, 'NotFound')) return true;
            throw err;
          },
        );
        missing.set(nodeName, gone);
      }
      if (gone) await this.forceDelete(pod, `bound to node ${nodeName}, which no longer exists`);
    }
  }

  private async forceDelete(pod: Pod, why: string): Promise<void> {
    this.logger.info({ ns: pod.metadata.namespace, pod: pod.metadata.name, why }, 'deleting pod');
    try {
      await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }
}
