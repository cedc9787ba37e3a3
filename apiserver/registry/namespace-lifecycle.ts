// Namespaces the cluster always has, and the loop that empties a Terminating
// namespace through the normal delete path and removes it once nothing is left.
import { isApiError } from '../../api/errors.js';
import { findResource, resources, RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { Logger } from '../../client/logger.js';
import { SYSTEM_NAMESPACES } from './delete.js';
import type { Registry } from './registry.js';
import { readObject } from './stored-object.js';

/** How often Terminating namespaces are swept. */
export const NAMESPACE_SWEEP_INTERVAL_MS = 2_000;

const NAMESPACES = resources.namespaces;

/** Creates the system namespaces that are missing; safe when several apiservers start at once. */
export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    }
  }
}

export class NamespaceTerminator {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;

  constructor(
    private readonly registry: Registry,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), NAMESPACE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sweeps at once; used right after a namespace turns Terminating. */
  async sweep(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.sweepOnce();
      } while (this.again);
    } catch (err) {
      this.log.warn({ err }, 'namespace sweep failed');
    } finally {
      this.running = false;
    }
  }

  private async sweepOnce(): Promise<void> {
    const namespaces = await this.registry.list(NAMESPACES, '');
    for (const ns of namespaces.items) {
      if (ns.metadata.deletionTimestamp && ns.metadata.name) await this.finish(ns.metadata.name);
    }
  }

  private async finish(namespace: string): Promise<void> {
    let remaining = 0;
    for (const info of RESOURCES) {
      if (!info.namespaced) continue;
      const list = await this.registry.list(info, namespace);
      for (const obj of list.items) {
        if (!(await this.deleteContent(info, namespace, obj))) remaining++;
      }
    }
    if (remaining === 0) await this.removeIfEmpty(namespace);
  }

  /** True when the object is gone. */
  private async deleteContent(info: ResourceInfo, namespace: string, obj: KubeObject): Promise<boolean> {
    const name = obj.metadata.name ?? '';
    // Objects already being deleted are asked again: a delete writes nothing while they are held
    // (grace period, finalizers) and removes one left finished by an interrupted update.
    try {
      return (await this.registry.delete(info, namespace, name)).deleted;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return true;
      this.log.warn({ err, ns: namespace, name }, 'deleting namespace content failed');
      return false;
    }
  }

  private async removeIfEmpty(namespace: string): Promise<void> {
    const ctx = this.registry.ctx;
    const stored = await readObject(ctx, NAMESPACES, '', namespace);
    if (!stored || (stored.object.metadata.finalizers ?? []).length > 0) return;
    for (const info of RESOURCES) {
      if (!info.namespaced) continue;
      const left = await ctx.store.range(ctx.keys.resourcePrefix(info, namespace));
      if (left.items.length > 0) return;
    }
    const result = await ctx.store.delete(stored.key, stored.modRevision);
    if (result.ok) this.log.info({ ns: namespace }, 'namespace removed');
  }
}
