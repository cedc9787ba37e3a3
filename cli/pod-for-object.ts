// The pod and container that `logs` and `exec` act on, chosen as kubectl
// does: `POD`, `pod/NAME`, or a workload (`deploy/NAME`) whose selector picks
// one of its pods; without -c the annotated default container, else the first.
import { selectorFromLabelSelector, selectorToString } from '../api/labels/label-selector.js';
import type { LabelSelector } from '../api/types/meta.js';
import type { KubeObject, Pod } from '../api/types/index.js';
import { CliError } from './cli-error.js';
import type { CliContext } from './context.js';
import { kindPrefix, resolveKind } from './resource-args.js';
import { isPodReady } from '../api/ready-conditions.js';
import { resources } from '../api/resources.js';

/** kubectl's annotation naming the container that logs/exec/attach use by default. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface ChosenPod {
  pod: Pod;
  /** How many pods the workload selected (1 for a pod named directly). */
  candidates: number;
}

/** Running and ready pods first, then the newest: the one whose logs a user most likely wants. */
function byLogging(a: Pod, b: Pod): number {
  const rank = (p: Pod): number => (p.status?.phase === 'Running' ? 0 : 2) + (isPodReady(p) ? 0 : 1);
  return rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

export async function podForObject(ctx: CliContext, arg: string): Promise<ChosenPod> {
  const slash = arg.indexOf('/');
  if (slash < 0) return { pod: await ctx.client.get(resources.pods, ctx.namespace, arg), candidates: 1 };
  const info = resolveKind(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (!name) throw new CliError(`arguments in resource/name form must have a single resource and name`);
  if (info.kind === 'Pod') return { pod: await ctx.client.get(resources.pods, ctx.namespace, name), candidates: 1 };
  // Any workload kind the user named: only its selector is read, and a malformed one is caught below.
  const owner = (await ctx.client.get(info, ctx.namespace, name)) as KubeObject & { spec?: { selector?: LabelSelector } };
  let selector: string;
  try {
    const parsed = selectorFromLabelSelector(owner.spec?.selector);
    selector = parsed === null ? '' : selectorToString(parsed);
  } catch {
    selector = '';
  }
  if (!selector) throw new CliError(`cannot attach to ${kindPrefix(info)}: selector for ${kindPrefix(info)}/${name} is empty`);
  const pods = (await ctx.client.list(resources.pods, { namespace: ctx.namespace, labelSelector: selector })).items.filter((p) => !p.metadata.deletionTimestamp);
  if (pods.length === 0) throw new CliError(`no pods found for ${kindPrefix(info)}/${name}`);
  return { pod: [...pods].sort(byLogging)[0], candidates: pods.length };
}

/**
 * The container to use: `requested` when given (the server checks it), else
 * the annotated default, else the only or first one, saying so as kubectl
 * does when there was a choice.
 */
export function containerFor(ctx: CliContext, pod: Pod, requested: string | undefined): string | undefined {
  if (requested) return requested;
  const containers = pod.spec?.containers ?? [];
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  if (annotated) ctx.err(`Warning: default container name "${annotated}" not found in pod ${pod.metadata.name ?? ''}\n`);
  if (containers.length === 0) return undefined;
  if (containers.length > 1 || (pod.spec.initContainers ?? []).length > 0) {
    const all = [...containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
    ctx.err(`Defaulted container "${containers[0].name}" out of: ${all.join(', ')}\n`);
  }
  return containers[0].name;
}
