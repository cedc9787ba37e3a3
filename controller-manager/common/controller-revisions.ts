// Workload revisions as ControllerRevision objects (StatefulSet, DaemonSet):
// the template snapshot, named `<owner>-<hash>`, numbered in the order the
// templates were used; going back to an old template renumbers its revision.
import { isApiError } from '../../api/errors.js';
import type { ControllerRevision, KubeObject, PodTemplateSpec } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { computeTemplateHash } from '../deployment/template-hash.js';
import { newControllerRef } from './controller-ref.js';
import { resources } from '../../api/resources.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** What a workload with revisions looks like to this module. */
export interface RevisedWorkload extends KubeObject {
  spec: { template: PodTemplateSpec; revisionHistoryLimit?: number };
  status?: { collisionCount?: number };
}

export function templateHash(owner: RevisedWorkload): string {
  return computeTemplateHash(owner.spec.template, owner.status?.collisionCount);
}

export function revisionName(owner: RevisedWorkload): string {
  return `${owner.metadata.name}-${templateHash(owner)}`;
}

export function newRevision(owner: RevisedWorkload, revision: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(owner),
      namespace: owner.metadata.namespace,
      labels: { ...(owner.spec.template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: templateHash(owner) },
      ownerReferences: [newControllerRef(owner)],
    },
    // As Kubernetes stores it: a patch that replaces the template.
    data: { spec: { template: { ...structuredClone(owner.spec.template), $patch: 'replace' } } },
    revision,
  };
}

export function templateOf(cr: ControllerRevision): PodTemplateSpec | undefined {
  const data = cr.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined;
  const t = data?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...template } = t;
  return template as PodTemplateSpec;
}

export function maxRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

/**
 * The revision for the owner's current template among `mine` (its cached
 * revisions), created, or renumbered to the newest when it is an old one.
 */
export async function ensureRevision(client: ApiClient, owner: RevisedWorkload, mine: readonly ControllerRevision[]): Promise<ControllerRevision> {
  const name = revisionName(owner);
  const max = maxRevisionNumber(mine);
  const existing = mine.find((r) => r.metadata.name === name);
  if (!existing) {
    try {
      return await client.create(resources.controllerRevisions, newRevision(owner, max + 1));
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
      return client.get(resources.controllerRevisions, owner.metadata.namespace ?? '', name);
    }
  }
  if (existing.revision < max) {
    return client.update(resources.controllerRevisions, { ...structuredClone(existing), revision: max + 1 });
  }
  return existing;
}

/** Deletes the oldest revisions not in `inUse` beyond revisionHistoryLimit. */
export async function truncateHistory(client: ApiClient, owner: RevisedWorkload, mine: readonly ControllerRevision[], inUse: ReadonlySet<string>): Promise<void> {
  const limit = owner.spec.revisionHistoryLimit ?? 10;
  const history = mine.filter((r) => !inUse.has(r.metadata.name ?? '')).sort((a, b) => a.revision - b.revision);
  for (const cr of history.slice(0, Math.max(0, history.length - limit))) {
    try {
      await client.delete(resources.controllerRevisions, cr.metadata.namespace ?? '', cr.metadata.name ?? '', { preconditions: { uid: cr.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }
}
