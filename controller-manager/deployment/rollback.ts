// Rollback by the legacy `deprecated.deployment.rollback.to` annotation, as
// kube-controller-manager still honours it: the Deployment takes the template
// of the ReplicaSet with that revision (0: the one before the current), and
// the annotation is cleared whatever the outcome, with an event saying which.
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { lastRevision, revisionOf, ROLLBACK_TO_ANNOTATION } from './annotations.js';
import { equalIgnoreHash, templateWithoutHash } from './template-hash.js';

export interface RollbackPlan {
  /** The Deployment to write: annotation removed, template replaced when the rollback applies. */
  deployment: Deployment;
  event: { type: 'Normal' | 'Warning'; reason: string; message: string };
}

export function planRollback(d: Deployment, rsList: readonly ReplicaSet[]): RollbackPlan {
  const deployment = structuredClone(d) as Deployment;
  const annotations = { ...(deployment.metadata.annotations ?? {}) };
  const raw = annotations[ROLLBACK_TO_ANNOTATION] ?? '0';
  delete annotations[ROLLBACK_TO_ANNOTATION];
  deployment.metadata.annotations = annotations;

  let to = Number(raw);
  if (!Number.isInteger(to) || to < 0) to = -1;
  if (to === 0) to = lastRevision(rsList);
  const target = to > 0 ? rsList.find((rs) => revisionOf(rs) === to) : undefined;
  if (!target) {
    const message = to === 0 ? 'Unable to find last revision.' : 'Unable to find the revision to rollback to.';
    return { deployment, event: { type: 'Warning', reason: 'RollbackRevisionNotFound', message } };
  }
  if (equalIgnoreHash(target.spec.template, d.spec.template)) {
    const message = `The rollback revision contains the same template as current deployment "${d.metadata.name}"`;
    return { deployment, event: { type: 'Warning', reason: 'RollbackTemplateUnchanged', message } };
  }
  deployment.spec.template = templateWithoutHash(target.spec.template);
  return { deployment, event: { type: 'Normal', reason: 'DeploymentRollback', message: `Rolled back deployment "${d.metadata.name}" to revision ${to}` } };
}
