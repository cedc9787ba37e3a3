// v1 PodSpec with every member Kubernetes declares, the pod-level security
// context, DNS settings and the small structures PodSpec lists hold. The
// patch extensions here are the ones strategic merge reads for pods and for
// every workload's pod template.
import {
  arrayOf,
  atomicList,
  bool,
  int32,
  int64,
  mergedList,
  object,
  quantityMap,
  ref,
  str,
  stringMap,
  strings,
} from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

const mergedNamed = (component: string): ReturnType<typeof mergedList> => mergedList(`${CORE}${component}`, 'name');

/** Unions keyed by name (a volume is one of its sources): switching sources must drop the old one. */
const retainedNamed = (component: string): ReturnType<typeof mergedList> =>
  mergedList(`${CORE}${component}`, 'name', { 'x-kubernetes-patch-strategy': 'merge,retainKeys' });

export const POD_SPEC_COMPONENTS: ComponentTable = {
  [`${CORE}PodSpec`]: object(
    {
      activeDeadlineSeconds: int64(),
      affinity: ref(`${CORE}Affinity`),
      automountServiceAccountToken: bool(),
      containers: mergedNamed('Container'),
      dnsConfig: ref(`${CORE}PodDNSConfig`),
      dnsPolicy: str(),
      enableServiceLinks: bool(),
      ephemeralContainers: mergedNamed('EphemeralContainer'),
      hostAliases: mergedList(`${CORE}HostAlias`, 'ip'),
      hostIPC: bool(),
      hostNetwork: bool(),
      hostPID: bool(),
      hostUsers: bool(),
      hostname: str(),
      hostnameOverride: str(),
      imagePullSecrets: mergedNamed('LocalObjectReference'),
      initContainers: mergedNamed('Container'),
      nodeName: str(),
      nodeSelector: stringMap({ 'x-kubernetes-map-type': 'atomic' }),
      os: ref(`${CORE}PodOS`),
      overhead: quantityMap(),
      preemptionPolicy: str(),
      priority: int32(),
      priorityClassName: str(),
      readinessGates: atomicList(`${CORE}PodReadinessGate`),
      resourceClaims: retainedNamed('PodResourceClaim'),
      resources: ref(`${CORE}ResourceRequirements`),
      restartPolicy: str(),
      runtimeClassName: str(),
      schedulerName: str(),
      schedulingGates: mergedNamed('PodSchedulingGate'),
      securityContext: ref(`${CORE}PodSecurityContext`),
      serviceAccount: str(),
      serviceAccountName: str(),
      setHostnameAsFQDN: bool(),
      shareProcessNamespace: bool(),
      subdomain: str(),
      terminationGracePeriodSeconds: int64(),
      tolerations: atomicList(`${CORE}Toleration`),
      topologySpreadConstraints: mergedList(`${CORE}TopologySpreadConstraint`, 'topologyKey', {
        'x-kubernetes-list-map-keys': ['topologyKey', 'whenUnsatisfiable'],
      }),
      volumes: retainedNamed('Volume'),
    },
    ['containers'],
  ),
  [`${CORE}PodTemplateSpec`]: object({
    metadata: ref(`${META}ObjectMeta`, { default: {} }),
    spec: ref(`${CORE}PodSpec`, { default: {} }),
  }),
  [`${CORE}PodSecurityContext`]: object({
    appArmorProfile: ref(`${CORE}AppArmorProfile`),
    fsGroup: int64(),
    fsGroupChangePolicy: str(),
    runAsGroup: int64(),
    runAsNonRoot: bool(),
    runAsUser: int64(),
    seLinuxChangePolicy: str(),
    seLinuxOptions: ref(`${CORE}SELinuxOptions`),
    seccompProfile: ref(`${CORE}SeccompProfile`),
    supplementalGroups: arrayOf(int64({ default: 0 }), { 'x-kubernetes-list-type': 'atomic' }),
    supplementalGroupsPolicy: str(),
    sysctls: atomicList(`${CORE}Sysctl`),
    windowsOptions: ref(`${CORE}WindowsSecurityContextOptions`),
  }),
  [`${CORE}Sysctl`]: object({ name: str({ default: '' }), value: str({ default: '' }) }, ['name', 'value']),
  [`${CORE}PodDNSConfig`]: object({
    nameservers: strings(),
    options: atomicList(`${CORE}PodDNSConfigOption`),
    searches: strings(),
  }),
  [`${CORE}PodDNSConfigOption`]: object({ name: str(), value: str() }),
  [`${CORE}HostAlias`]: object({ hostnames: strings(), ip: str({ default: '' }) }, ['ip']),
  [`${CORE}PodOS`]: object({ name: str({ default: '' }) }, ['name']),
  [`${CORE}PodReadinessGate`]: object({ conditionType: str({ default: '' }) }, ['conditionType']),
  [`${CORE}PodSchedulingGate`]: object({ name: str({ default: '' }) }, ['name']),
  [`${CORE}PodResourceClaim`]: object(
    { name: str({ default: '' }), resourceClaimName: str(), resourceClaimTemplateName: str() },
    ['name'],
  ),
  [`${CORE}Toleration`]: object({ effect: str(), key: str(), operator: str(), tolerationSeconds: int64(), value: str() }),
  [`${CORE}TopologySpreadConstraint`]: object(
    {
      labelSelector: ref(`${META}LabelSelector`),
      matchLabelKeys: strings(),
      maxSkew: int32({ default: 0 }),
      minDomains: int32(),
      nodeAffinityPolicy: str(),
      nodeTaintsPolicy: str(),
      topologyKey: str({ default: '' }),
      whenUnsatisfiable: str({ default: '' }),
    },
    ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  ),
};

