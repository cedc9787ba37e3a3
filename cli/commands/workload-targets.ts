// The objects a workload command (scale, set image, rollout) names:
// `deploy/web`, `deployment web`, `sts/db rs/x`, checked against the kinds
// the command supports.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/meta.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { kindPrefix, parseResourceArgs } from '../resource-args.js';

export interface WorkloadTarget {
  info: ResourceInfo;
  namespace: string;
  name: string;
}

export function workloadTargets(ctx: CliContext, args: readonly string[], kinds: readonly string[], verb: string): WorkloadTarget[] {
  if (args.length === 0) throw new CliError(`required resource not specified`);
  const parsed = parseResourceArgs(args);
  const targets: WorkloadTarget[] = [];
  for (const request of parsed.requests) {
    if (!kinds.includes(request.info.kind)) {
      throw new CliError(`${verb} is not supported for ${kindPrefix(request.info)}: supported are ${kinds.map((k) => k.toLowerCase()).join(', ')}`);
    }
    if (request.names.length === 0) throw new CliError(`resource name may not be empty`);
    for (const name of request.names) targets.push({ info: request.info, namespace: request.info.namespaced ? ctx.namespace : '', name });
  }
  return targets;
}

export function targetName(t: WorkloadTarget): string {
  return `${kindPrefix(t.info)}/${t.name}`;
}

/** A read-modify-write that retries when another writer got in between. */
export async function updateWithRetry<T extends KubeObject>(ctx: CliContext, t: WorkloadTarget, change: (obj: T) => void | 'unchanged'): Promise<T | 'unchanged'> {
  for (;;) {
    // The kind came from the user's words, so its handle is untyped; T is the
    // shape the command reads, which workloadTargets' kind check vouches for.
    const obj = (await ctx.client.get(t.info, t.namespace, t.name)) as T;
    if (change(obj) === 'unchanged') return 'unchanged';
    try {
      return (await ctx.client.update(t.info, obj)) as T;
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'Conflict') throw err;
    }
  }
}
