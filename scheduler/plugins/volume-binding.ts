// VolumeBinding: a pod's claims as a filter (see volume-claims.ts), then, for
// the chosen node, a reservation of the static volumes it will take (so the
// next pod does not pick them too) and, before the pod is bound, the API work:
// a static volume is pre-bound through its claimRef (the PV controller
// completes the binding), a claim to provision is annotated with the node; the
// bind waits, off the scheduling loop, until every claim is Bound.
import { sleep } from '../../client/abort-helpers.js';
import { claimRefFor, isClaimBound, isVolumeBoundToClaim } from '../../api/storage/volume-matching.js';
import { podClaimNames } from '../../api/storage/pod-claims.js';
import { ANNOTATION_YES, BOUND_BY_CONTROLLER_ANNOTATION, SELECTED_NODE_ANNOTATION } from '../../api/storage/binding-annotations.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { fail, PreFilterRejection, SKIP_FILTER, type FilterPlugin, type FilterResult, type PreBindPlugin, type ReservePlugin } from '../framework/types.js';
import { analyzePodClaims, decideForNode, type ClaimDecision, type PodClaims, type VolumeListers } from './volume-claims.js';
import type { Clock } from '../../client/clock.js';

export const VOLUME_BINDING = 'VolumeBinding';
/** How long a bind waits for its claims to become Bound before the pod goes back to the queue. */
export const VOLUME_BIND_TIMEOUT_MS = 120_000;
/** How often the waiting bind looks at the claims in the informer cache. */
export const VOLUME_BIND_POLL_MS = 200;

/** The writes pre-binding needs; each rejects with ApiError (a Conflict included). */
export interface VolumeBindingApi {
  updateVolume(pv: PersistentVolume): Promise<void>;
  updateClaim(claim: PersistentVolumeClaim): Promise<void>;
}

export interface VolumeBindingOptions {
  listers: VolumeListers;
  api: VolumeBindingApi;
  /** What the bind's deadline is measured on. */
  clock: Clock;
  timeoutMs?: number;
  pollMs?: number;
}

interface Reservation {
  nodeName: string;
  decisions: ClaimDecision[];
}

function claimKey(claim: PersistentVolumeClaim): string {
  return `${claim.metadata.namespace ?? ''}/${claim.metadata.name ?? ''}`;
}

export class VolumeBinding implements FilterPlugin<PodClaims | null>, ReservePlugin, PreBindPlugin {
  readonly name = VOLUME_BINDING;
  private readonly listers: VolumeListers;
  private readonly api: VolumeBindingApi;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  /** Pod key -> what its bind will do. */
  private readonly reservations = new Map<string, Reservation>();
  /** Volume name -> the pod key whose reservation holds it. */
  private readonly takenVolumes = new Map<string, string>();

  constructor(opts: VolumeBindingOptions) {
    this.listers = opts.listers;
    this.api = opts.api;
    this.clock = opts.clock;
    this.timeoutMs = opts.timeoutMs ?? VOLUME_BIND_TIMEOUT_MS;
    this.pollMs = opts.pollMs ?? VOLUME_BIND_POLL_MS;
  }

  /** A pod without claims skips the filter: every node passes. A reason that holds for every node rejects the pod at once. */
  preFilter(pod: PodInfo): PodClaims | typeof SKIP_FILTER {
    const claims = this.claimsOf(pod);
    if (claims?.podFailure) throw new PreFilterRejection(claims.podFailure);
    return claims ?? SKIP_FILTER;
  }

  filter(pod: PodInfo, node: NodeInfo, claims: PodClaims | null): FilterResult {
    if (!claims) return null;
    if (claims.podFailure) return fail(claims.podFailure);
    if (!node.node) return null;
    const outcome = decideForNode(claims, node.node, this.listers, (v) => this.takenByOther(v, pod.key));
    return 'failure' in outcome ? fail(outcome.failure) : null;
  }

  private claimsOf(pod: PodInfo): PodClaims | null {
    return podClaimNames(pod.pod).length > 0 ? analyzePodClaims(pod.pod, this.listers) : null;
  }

  reserve(pod: PodInfo, node: NodeInfo): FilterResult {
    const claims = this.claimsOf(pod);
    if (!claims || !node.node) return null;
    if (claims.podFailure) return fail(claims.podFailure);
    const outcome = decideForNode(claims, node.node, this.listers, (v) => this.takenByOther(v, pod.key));
    if ('failure' in outcome) return fail(outcome.failure);
    this.release(pod.key);
    if (outcome.decisions.length === 0) return null;
    this.reservations.set(pod.key, { nodeName: node.name, decisions: outcome.decisions });
    for (const d of outcome.decisions) if (d.volume) this.takenVolumes.set(d.volume.metadata.name ?? '', pod.key);
    return null;
  }

  unreserve(pod: PodInfo): void {
    this.release(pod.key);
  }

  /** Whether a reservation of another pod holds the volume (tests, metrics). */
  takenByOther(volumeName: string, podKey: string): boolean {
    const holder = this.takenVolumes.get(volumeName);
    return holder !== undefined && holder !== podKey;
  }

  async preBind(pod: PodInfo, nodeName: string, signal: AbortSignal): Promise<void> {
    const reservation = this.reservations.get(pod.key);
    if (!reservation) return;
    for (const decision of reservation.decisions) {
      if (decision.volume) await this.preBindVolume(decision.volume, decision.claim);
      else await this.selectNode(decision.claim, nodeName);
    }
    await this.waitUntilBound(reservation, signal);
    this.release(pod.key);
  }

  private release(podKey: string): void {
    const reservation = this.reservations.get(podKey);
    if (!reservation) return;
    this.reservations.delete(podKey);
    for (const d of reservation.decisions) {
      const name = d.volume?.metadata.name ?? '';
      if (this.takenVolumes.get(name) === podKey) this.takenVolumes.delete(name);
    }
  }

  /** Reserves the volume for the claim through its claimRef, as kube-scheduler does. */
  private async preBindVolume(chosen: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const current = this.listers.volume(chosen.metadata.name ?? '') ?? chosen;
    if (isVolumeBoundToClaim(current, claim)) return;
    const pv = structuredClone(current) as PersistentVolume;
    pv.spec = {
      ...pv.spec,
      claimRef: claimRefFor(claim),
    };
    pv.metadata.annotations = { ...pv.metadata.annotations, [BOUND_BY_CONTROLLER_ANNOTATION]: ANNOTATION_YES };
    await this.api.updateVolume(pv);
  }

  /** Tells the provisioner where the claim's first consumer runs. */
  private async selectNode(chosen: PersistentVolumeClaim, nodeName: string): Promise<void> {
    const current = this.listers.claim(chosen.metadata.namespace ?? '', chosen.metadata.name ?? '') ?? chosen;
    if (current.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === nodeName) return;
    const claim = structuredClone(current) as PersistentVolumeClaim;
    claim.metadata.annotations = { ...claim.metadata.annotations, [SELECTED_NODE_ANNOTATION]: nodeName };
    await this.api.updateClaim(claim);
  }

  private async waitUntilBound(reservation: Reservation, signal: AbortSignal): Promise<void> {
    const deadline = this.clock.now() + this.timeoutMs;
    for (;;) {
      const pending = reservation.decisions.filter((d) => !this.isDone(d, reservation.nodeName));
      if (pending.length === 0) return;
      if (signal.aborted) throw new Error('binding volumes: the scheduler is stopping');
      if (this.clock.now() >= deadline) {
        const names = pending.map((d) => `"${claimKey(d.claim)}"`).join(', ');
        throw new Error(`binding volumes: timed out after ${this.timeoutMs / 1000}s waiting for PersistentVolumeClaim ${names} to be bound`);
      }
      await sleep(this.pollMs, signal);
    }
  }

  /** True once the claim is Bound; throws when the binding can no longer happen as planned. */
  private isDone(decision: ClaimDecision, nodeName: string): boolean {
    const key = claimKey(decision.claim);
    const claim = this.listers.claim(decision.claim.metadata.namespace ?? '', decision.claim.metadata.name ?? '');
    if (!claim || (decision.claim.metadata.uid && claim.metadata.uid !== decision.claim.metadata.uid)) {
      throw new Error(`binding volumes: PersistentVolumeClaim "${key}" was deleted`);
    }
    if (isClaimBound(claim)) return true;
    if (decision.volume) {
      const pv = this.listers.volume(decision.volume.metadata.name ?? '');
      // Before our own write shows in the cache the claimRef is absent; a different claim means it was taken.
      const ref = pv?.spec?.claimRef;
      if (!pv || (ref && !isVolumeBoundToClaim(pv, claim))) {
        throw new Error(`binding volumes: PersistentVolume "${decision.volume.metadata.name}" was taken away from claim "${key}"`);
      }
    } else {
      const selected = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
      if (selected !== undefined && selected !== nodeName) {
        throw new Error(`binding volumes: selected node of PersistentVolumeClaim "${key}" changed to "${selected}"`);
      }
    }
    return false;
  }
}
