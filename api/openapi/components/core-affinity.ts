// v1 Affinity: node affinity and pod (anti-)affinity terms, member by member,
// since users write them in manifests and strict validation must know them.
import { atomicList, int32, object, ref, str, strings } from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

function podAffinity(): ReturnType<typeof object> {
  return object({
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(`${CORE}WeightedPodAffinityTerm`),
    requiredDuringSchedulingIgnoredDuringExecution: atomicList(`${CORE}PodAffinityTerm`),
  });
}

export const AFFINITY_COMPONENTS: ComponentTable = {
  [`${CORE}Affinity`]: object({
    nodeAffinity: ref(`${CORE}NodeAffinity`),
    podAffinity: ref(`${CORE}PodAffinity`),
    podAntiAffinity: ref(`${CORE}PodAntiAffinity`),
  }),
  [`${CORE}NodeAffinity`]: object({
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(`${CORE}PreferredSchedulingTerm`),
    requiredDuringSchedulingIgnoredDuringExecution: ref(`${CORE}NodeSelector`),
  }),
  [`${CORE}NodeSelector`]: object(
    { nodeSelectorTerms: atomicList(`${CORE}NodeSelectorTerm`) },
    ['nodeSelectorTerms'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}NodeSelectorTerm`]: object(
    {
      matchExpressions: atomicList(`${CORE}NodeSelectorRequirement`),
      matchFields: atomicList(`${CORE}NodeSelectorRequirement`),
    },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}NodeSelectorRequirement`]: object(
    { key: str({ default: '' }), operator: str({ default: '' }), values: strings() },
    ['key', 'operator'],
  ),
  [`${CORE}PreferredSchedulingTerm`]: object(
    { preference: ref(`${CORE}NodeSelectorTerm`, { default: {} }), weight: int32({ default: 0 }) },
    ['weight', 'preference'],
  ),
  [`${CORE}PodAffinity`]: podAffinity(),
  [`${CORE}PodAntiAffinity`]: podAffinity(),
  [`${CORE}PodAffinityTerm`]: object(
    {
      labelSelector: ref(`${META}LabelSelector`),
      matchLabelKeys: strings(),
      mismatchLabelKeys: strings(),
      namespaceSelector: ref(`${META}LabelSelector`),
      namespaces: strings(),
      topologyKey: str({ default: '' }),
    },
    ['topologyKey'],
  ),
  [`${CORE}WeightedPodAffinityTerm`]: object(
    { podAffinityTerm: ref(`${CORE}PodAffinityTerm`, { default: {} }), weight: int32({ default: 0 }) },
    ['weight', 'podAffinityTerm'],
  ),
};
