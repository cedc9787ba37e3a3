// policy/v1: PodDisruptionBudget, with the members upstream publishes for it.
import { int32, int64, intOrString, kindObject, mergedList, object, ref, str, stringMap } from '../builders.js';
import { META, POLICY } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const POLICY_COMPONENTS: ComponentTable = {
  [`${POLICY}PodDisruptionBudget`]: kindObject(
    { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
    'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
    {
      spec: ref(`${POLICY}PodDisruptionBudgetSpec`, { default: {} }),
      status: ref(`${POLICY}PodDisruptionBudgetStatus`, { default: {} }),
    },
  ),
  [`${POLICY}PodDisruptionBudgetSpec`]: object({
    maxUnavailable: intOrString(),
    minAvailable: intOrString(),
    selector: ref(`${META}LabelSelector`),
    unhealthyPodEvictionPolicy: str(),
  }),
  [`${POLICY}PodDisruptionBudgetStatus`]: object(
    {
      conditions: mergedList(`${META}Condition`, 'type'),
      currentHealthy: int32({ default: 0 }),
      desiredHealthy: int32({ default: 0 }),
      disruptedPods: stringMap(),
      disruptionsAllowed: int32({ default: 0 }),
      expectedPods: int32({ default: 0 }),
      observedGeneration: int64(),
    },
    ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
  ),
};
