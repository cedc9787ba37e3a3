// The rules of Kubernetes' LimitRanger on a pod, without I/O: containers get
// the requests and limits a LimitRange defaults, then every Container and Pod
// item's min, max and maxLimitRequestRatio are checked, in upstream's words.
import { compareQuantities } from '../../../api/quantity.js';
import { millisOf } from '../../../api/quota/resource-amounts.js';
import type { KubeObject, LimitRange, LimitRangeItem } from '../../../api/types/index.js';
import { quantityText } from '../../../api/validation/resources.js';
import { isRecord } from '../../../api/validation/values.js';

/** The annotation that says which values LimitRanger filled in. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type Resources = { requests: Record<string, unknown>; limits: Record<string, unknown> };

function containers(pod: KubeObject, field: 'containers' | 'initContainers'): Record<string, unknown>[] {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const list = spec[field];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** The container's requests and limits, created in place when absent so defaults land in the pod. */
function resourcesOf(container: Record<string, unknown>): Resources {
  if (!isRecord(container.resources)) container.resources = {};
  const res = container.resources as Record<string, unknown>;
  if (!isRecord(res.requests)) res.requests = {};
  if (!isRecord(res.limits)) res.limits = {};
  return { requests: res.requests as Record<string, unknown>, limits: res.limits as Record<string, unknown> };
}

function dropEmpty(container: Record<string, unknown>): void {
  const res = container.resources as Record<string, unknown>;
  for (const field of ['requests', 'limits']) if (Object.keys(res[field] as object).length === 0) delete res[field];
  if (Object.keys(res).length === 0) delete container.resources;
}

function itemsOf(ranges: readonly LimitRange[], type: LimitRangeItem['type']): LimitRangeItem[] {
  return ranges.flatMap((r) => (Array.isArray(r.spec?.limits) ? r.spec.limits.filter((i) => i.type === type) : []));
}

/** Fills what Container items default; answers what was set, as upstream's annotation words it. */
function applyDefaults(container: Record<string, unknown>, items: readonly LimitRangeItem[]): string[] {
  const res = resourcesOf(container);
  // What apiserver defaulting does before admission upstream: a limit alone also sets the request.
  for (const [name, value] of Object.entries(res.limits)) if (res.requests[name] === undefined) res.requests[name] = value;
  const set: string[] = [];
  const name = String(container.name ?? '');
  for (const item of items) {
    for (const [resource, value] of Object.entries(item.default ?? {})) {
      if (res.limits[resource] !== undefined) continue;
      res.limits[resource] = value;
      set.push(`${resource} limit for container ${name}`);
    }
    for (const [resource, value] of Object.entries(item.defaultRequest ?? {})) {
      if (res.requests[resource] !== undefined) continue;
      res.requests[resource] = value;
      set.push(`${resource} request for container ${name}`);
    }
  }
  return set;
}

function textOf(value: unknown): string {
  return quantityText(value) ?? String(value);
}

function minError(kind: string, name: string, min: string, r: Resources): string | undefined {
  const req = r.requests[name];
  const lim = r.limits[name];
  if (req === undefined) return `minimum ${name} usage per ${kind} is ${min}.  No request is specified`;
  if (compareQuantities(textOf(req), min) < 0) return `minimum ${name} usage per ${kind} is ${min}, but request is ${textOf(req)}`;
  if (lim !== undefined && compareQuantities(textOf(lim), min) < 0) return `minimum ${name} usage per ${kind} is ${min}, but limit is ${textOf(lim)}`;
  return undefined;
}

function maxError(kind: string, name: string, max: string, r: Resources): string | undefined {
  const req = r.requests[name];
  const lim = r.limits[name];
  if (lim === undefined) return `maximum ${name} usage per ${kind} is ${max}.  No limit is specified`;
  if (compareQuantities(textOf(lim), max) > 0) return `maximum ${name} usage per ${kind} is ${max}, but limit is ${textOf(lim)}`;
  if (req !== undefined && compareQuantities(textOf(req), max) > 0) return `maximum ${name} usage per ${kind} is ${max}, but request is ${textOf(req)}`;
  return undefined;
}

function ratioError(kind: string, name: string, ratio: string, r: Resources): string | undefined {
  const req = r.requests[name] === undefined ? 0n : millisOf(r.requests[name]);
  const lim = r.limits[name] === undefined ? 0n : millisOf(r.limits[name]);
  if (req === 0n) return `${name} max limit to request ratio per ${kind} is ${ratio}, but no request is specified or request is 0`;
  if (lim === 0n) return `${name} max limit to request ratio per ${kind} is ${ratio}, but no limit is specified or limit is 0`;
  const observed = Number(lim) / Number(req);
  // Compared in thousandths, as upstream does, so a ratio of 1.5 means exactly that.
  if (lim * 1000n > millisOf(ratio) * req) return `${name} max limit to request ratio per ${kind} is ${ratio}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function checkItem(kind: string, item: LimitRangeItem, r: Resources, errs: string[]): void {
  const push = (e: string | undefined): void => void (e && errs.push(e));
  for (const [name, v] of Object.entries(item.min ?? {})) push(minError(kind, name, v, r));
  for (const [name, v] of Object.entries(item.max ?? {})) push(maxError(kind, name, v, r));
  for (const [name, v] of Object.entries(item.maxLimitRequestRatio ?? {})) push(ratioError(kind, name, v, r));
}

function sumInto(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(from)) into[name] = String(millisOf(into[name] ?? 0) + millisOf(value)) + 'm';
}

/** The pod's total requests and limits over its app containers, for Pod items. */
function podTotals(pod: KubeObject): Resources {
  const total: Resources = { requests: {}, limits: {} };
  for (const c of containers(pod, 'containers')) {
    const res = isRecord(c.resources) ? c.resources : {};
    sumInto(total.requests, isRecord(res.requests) ? res.requests : {});
    sumInto(total.limits, isRecord(res.limits) ? res.limits : {});
  }
  return total;
}

/**
 * Applies the namespace's LimitRanges to `pod` (in place): defaults first, then
 * the checks. Answers upstream's messages for what the pod violates (none: admitted).
 */
export function limitRangePod(pod: KubeObject, ranges: readonly LimitRange[]): string[] {
  const containerItems = itemsOf(ranges, 'Container');
  const podItems = itemsOf(ranges, 'Pod');
  if (containerItems.length === 0 && podItems.length === 0) return [];
  const all = [...containers(pod, 'initContainers'), ...containers(pod, 'containers')];
  const set: string[] = [];
  for (const c of all) set.push(...applyDefaults(c, containerItems));
  const errs: string[] = [];
  for (const c of all) {
    for (const item of containerItems) checkItem('Container', item, resourcesOf(c), errs);
    dropEmpty(c);
  }
  for (const item of podItems) checkItem('Pod', item, podTotals(pod), errs);
  if (set.length > 0 && errs.length === 0) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${set.join('; ')}` };
  }
  return errs;
}

/** Kubernetes' aggregate wording: one error alone, several in brackets. */
export function aggregateMessage(errs: readonly string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}
