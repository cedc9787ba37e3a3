// The arithmetic of rollouts, pure so it is unit tested: how far the new
// ReplicaSet may grow, how far old ones may shrink, and how a scale in the
// middle of a rollout is shared between ReplicaSets.
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { maxReplicasOf } from './annotations.js';
import { isRollingUpdate, maxSurge, resolveFenceposts } from './fenceposts.js';

export function specReplicas(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

export function totalSpecReplicas(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + specReplicas(rs), 0);
}

/**
 * Available pods, never more than the ReplicaSet is asked for: after a scale
 * down the status lags behind the spec, and counting the stale figure would
 * let a rollout go below maxUnavailable.
 */
export function availableReplicas(rs: ReplicaSet): number {
  return Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));
}

export function totalAvailable(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + availableReplicas(rs), 0);
}

export function activeReplicaSets(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return rss.filter((rs) => specReplicas(rs) > 0);
}

function created(rs: ReplicaSet): number {
  const t = Date.parse(rs.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Oldest first; ties broken by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The size the new ReplicaSet should have now. */
export function newReplicaSetReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const desired = d.spec.replicas ?? 1;
  if (!isRollingUpdate(d)) return desired;
  const [surge] = resolveFenceposts(d);
  const current = totalSpecReplicas(allRSs);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, desired - specReplicas(newRS));
  return specReplicas(newRS) + Math.max(0, scaleUp);
}

/**
 * New sizes for old ReplicaSets during a rolling update: first shrink their
 * unavailable pods, then available ones while at least replicas -
 * maxUnavailable stay available. Only changed sizes are in the answer.
 */
export function rollingScaleDown(d: Deployment, oldRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): Map<string, number> {
  const sizes = new Map<string, number>();
  const oldActive = activeReplicaSets(oldRSs).sort(byCreation);
  if (totalSpecReplicas(oldActive) === 0) return sizes;
  const desired = d.spec.replicas ?? 1;
  const [, unavailable] = resolveFenceposts(d);
  const minAvailable = desired - unavailable;
  const all = newRS ? [...oldActive, newRS] : oldActive;
  const newUnavailable = newRS ? Math.max(0, specReplicas(newRS) - availableReplicas(newRS)) : 0;
  const maxScaledDown = totalSpecReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return sizes;
  const size = (rs: ReplicaSet): number => sizes.get(rs.metadata.name ?? '') ?? specReplicas(rs);

  let cleaned = 0;
  for (const rs of oldActive) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = specReplicas(rs) - availableReplicas(rs);
    if (unhealthy <= 0) continue;
    const cut = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(rs.metadata.name ?? '', specReplicas(rs) - cut);
    cleaned += cut;
  }

  const available = totalAvailable(all);
  if (available <= minAvailable) return sizes;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of oldActive) {
    if (scaled >= total) break;
    const current = size(rs);
    if (current === 0) continue;
    const cut = Math.min(current, total - scaled);
    sizes.set(rs.metadata.name ?? '', current - cut);
    scaled += cut;
  }
  return sizes;
}

/** Larger first; among equals, newer first. */
function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || created(b) - created(a);
}

/** Larger first; among equals, older first. */
function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || created(a) - created(b);
}

function fraction(rs: ReplicaSet, d: Deployment): number {
  const desired = d.spec.replicas ?? 1;
  if (desired === 0) return -specReplicas(rs);
  const deploymentReplicas = desired + maxSurge(d);
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return Math.round((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/**
 * Proportional scaling: a Deployment resized while several ReplicaSets are
 * active shares the change between them by their size (using each one's
 * max-replicas annotation as the old total); leftovers go to the largest.
 */
export function proportionalSizes(d: Deployment, activeRSs: readonly ReplicaSet[]): Map<string, number> {
  const sizes = new Map<string, number>();
  const desired = d.spec.replicas ?? 1;
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - totalSpecReplicas(activeRSs);
  const ordered = [...activeRSs].sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  let added = 0;
  for (const rs of ordered) {
    let proportion = 0;
    if (toAdd !== 0 && added !== toAdd && specReplicas(rs) > 0) {
      const f = fraction(rs, d);
      const left = toAdd - added;
      proportion = toAdd > 0 ? Math.min(f, left) : Math.max(f, left);
    }
    sizes.set(rs.metadata.name ?? '', specReplicas(rs) + proportion);
    added += proportion;
  }
  const first = ordered[0];
  if (first && toAdd !== 0) {
    const name = first.metadata.name ?? '';
    sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + (toAdd - added)));
  }
  return sizes;
}

/** The new ReplicaSet has all the replicas and all are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = d.spec.replicas ?? 1;
  const desiredAnnotation = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] ?? NaN);
  return desiredAnnotation === desired && specReplicas(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}
