// What `rollout history` and `rollout undo` read: a workload's revisions
// (ReplicaSets of a Deployment, ControllerRevisions of a StatefulSet), each
// with its number, change-cause and pod template.
import type { ControllerRevision, Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { PodTemplateSpec } from '../../api/types/pod.js';
import type { ApiClient } from '../../client/api-client.js';
import { CliError } from '../cli-error.js';
import { resources } from '../../api/resources.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

export interface Revision {
  number: number;
  changeCause: string | undefined;
  template: PodTemplateSpec;
  /** Annotations kubectl copies back onto a Deployment on undo (change-cause among them). */
  annotations: Record<string, string>;
}

function ownedBy(obj: KubeObject, owner: KubeObject): boolean {
  return obj.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller === true) ?? false;
}

function withoutLabel(template: PodTemplateSpec, label: string): PodTemplateSpec {
  const copy = structuredClone(template);
  const labels = { ...(copy.metadata?.labels ?? {}) };
  delete labels[label];
  copy.metadata = { ...(copy.metadata ?? {}), labels };
  return copy;
}

const NOT_COPIED_BACK = new Set([REVISION_ANNOTATION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas']);

export async function revisionsOf(client: ApiClient, obj: KubeObject): Promise<Revision[]> {
  const namespace = obj.metadata.namespace ?? '';
  if (obj.kind === 'Deployment') {
    const rss = (await client.list(resources.replicaSets, { namespace })).items.filter((rs) => ownedBy(rs, obj));
    return rss
      .map((rs) => {
        const annotations = Object.fromEntries(Object.entries(rs.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED_BACK.has(k)));
        return {
          number: Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0,
          changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION],
          template: withoutLabel(rs.spec.template, POD_TEMPLATE_HASH_LABEL),
          annotations,
        };
      })
      .filter((r) => r.number > 0)
      .sort((a, b) => a.number - b.number);
  }
  if (obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet') {
    const crs = (await client.list(resources.controllerRevisions, { namespace })).items.filter((cr) => ownedBy(cr, obj));
    return crs
      .map((cr) => {
        const data = cr.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined;
        const { $patch: _p, ...template } = data?.spec?.template ?? ({ spec: { containers: [] } } as PodTemplateSpec & { $patch?: string });
        return {
          number: cr.revision,
          changeCause: cr.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION],
          template: withoutLabel(template as PodTemplateSpec, CONTROLLER_REVISION_HASH_LABEL),
          annotations: {},
        };
      })
      .sort((a, b) => a.number - b.number);
  }
  throw new CliError(`no history viewer has been implemented for ${obj.kind}`);
}

/** The revision `undo` goes to: the given one, or the one before the newest. */
export function undoTarget(revisions: readonly Revision[], toRevision: number, obj: KubeObject): Revision {
  if (toRevision > 0) {
    const found = revisions.find((r) => r.number === toRevision);
    if (!found) throw new CliError(`unable to find specified revision ${toRevision} in history`);
    return found;
  }
  if (revisions.length < 2) throw new CliError(`no rollout history found for ${obj.kind.toLowerCase()} "${obj.metadata.name}"`);
  return revisions[revisions.length - 2] as Revision;
}

/** kubectl's table: REVISION and CHANGE-CAUSE. */
export function formatHistory(prefix: string, revisions: readonly Revision[]): string {
  const rows = [['REVISION', 'CHANGE-CAUSE'], ...revisions.map((r) => [String(r.number), r.changeCause ?? '<none>'])];
  const width = Math.max(...rows.map((r) => (r[0] as string).length)) + 2;
  return `${prefix}\n${rows.map(([a, b]) => `${(a as string).padEnd(width)}${b}`).join('\n')}\n\n`;
}

/** One revision's pod template, as `rollout history --revision N` describes it. */
export function formatRevision(prefix: string, revision: Revision): string {
  const t = revision.template;
  const lines = [`${prefix} with revision #${revision.number}`, 'Pod Template:'];
  const labels = Object.entries(t.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  lines.push(`  Labels:\t${labels.length > 0 ? labels.join('\n\t\t') : '<none>'}`);
  if (revision.changeCause) lines.push(`  Annotations:\t${CHANGE_CAUSE_ANNOTATION}: ${revision.changeCause}`);
  lines.push('  Containers:');
  for (const c of t.spec.containers ?? []) {
    lines.push(`   ${c.name}:`);
    lines.push(`    Image:\t${c.image ?? ''}`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    lines.push(`    Port:\t${ports.length > 0 ? ports.join(', ') : '<none>'}`);
    lines.push(`    Environment:\t${(c.env ?? []).length > 0 ? (c.env ?? []).map((e) => `${e.name}=${e.value ?? ''}`).join(', ') : '<none>'}`);
  }
  return `${lines.join('\n')}\n\n`;
}

export function isDeployment(obj: KubeObject): obj is Deployment {
  return obj.kind === 'Deployment';
}
