// Which podFailurePolicy rule a failed pod meets, as the Job controller reads
// the rules: in order, on non-zero exit codes or on pod conditions.
import type { Job, Pod, PodFailurePolicyRule } from '../../api/types/index.js';

export type FailureAction = PodFailurePolicyRule['action'];

function exitCodesMatch(rule: PodFailurePolicyRule, pod: Pod): boolean {
  const req = rule.onExitCodes;
  if (!req) return false;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.some((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName && req.containerName !== s.name) return false;
    const listed = req.values.includes(code);
    return req.operator === 'In' ? listed : !listed;
  });
}

function conditionsMatch(rule: PodFailurePolicyRule, pod: Pod): boolean {
  return (rule.onPodConditions ?? []).some((pattern) =>
    (pod.status?.conditions ?? []).some((c) => c.type === pattern.type && c.status === (pattern.status ?? 'True')),
  );
}

/** The first matching rule's action and its index, or undefined when no rule matches (the failure counts). */
export function matchPodFailurePolicy(job: Job, pod: Pod): { action: FailureAction; rule: number } | undefined {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (exitCodesMatch(rule, pod) || conditionsMatch(rule, pod)) return { action: rule.action, rule: i };
  }
  return undefined;
}
