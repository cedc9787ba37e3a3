// Kubernetes' LimitRanger admission on pod create: the namespace's LimitRanges
// default container requests and limits and refuse pods outside their bounds.
import { forbidden } from '../../../api/errors.js';
import { resources } from '../../../api/resources.js';
import type { KubeObject, LimitRange } from '../../../api/types/index.js';
import type { RegistryContext } from '../context.js';
import { aggregateMessage, limitRangePod } from './limit-ranger-rules.js';
import { cachedObjectsIn } from './namespace-objects.js';

export async function admitLimitRanger(ctx: RegistryContext, pod: KubeObject, namespace: string): Promise<void> {
  const ranges = (await cachedObjectsIn(ctx, resources.limitRanges, namespace)) as readonly LimitRange[];
  if (ranges.length === 0) return;
  const errs = limitRangePod(pod, ranges);
  if (errs.length > 0) throw forbidden(resources.pods.plural, pod.metadata.name ?? '', aggregateMessage(errs));
}
