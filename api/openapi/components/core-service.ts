// v1 Service and v1 Endpoints.
import { arrayOf, atomicList, bool, int32, intOrString, kindObject, mergedList, object, ref, str, stringMap, strings } from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const SERVICE_COMPONENTS: ComponentTable = {
  [`${CORE}Service`]: kindObject({ group: '', version: 'v1', kind: 'Service' }, 'A named abstraction of software service: a virtual IP and ports in front of the pods a selector matches.', {
    spec: ref(`${CORE}ServiceSpec`, { default: {} }),
    status: ref(`${CORE}ServiceStatus`, { default: {} }),
  }),
  [`${CORE}ServiceSpec`]: object({
    allocateLoadBalancerNodePorts: bool(),
    clusterIP: str(),
    clusterIPs: strings(),
    externalIPs: strings(),
    externalName: str(),
    externalTrafficPolicy: str({ enum: ['Cluster', 'Local'] }),
    healthCheckNodePort: int32(),
    internalTrafficPolicy: str({ enum: ['Cluster', 'Local'] }),
    ipFamilies: strings(),
    ipFamilyPolicy: str({ enum: ['PreferDualStack', 'RequireDualStack', 'SingleStack'] }),
    loadBalancerClass: str(),
    loadBalancerIP: str(),
    loadBalancerSourceRanges: strings(),
    ports: arrayOf(ref(`${CORE}ServicePort`), {
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'port',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
    }),
    publishNotReadyAddresses: bool(),
    selector: stringMap({ 'x-kubernetes-map-type': 'atomic' }),
    sessionAffinity: str({ enum: ['ClientIP', 'None'] }),
    sessionAffinityConfig: ref(`${CORE}SessionAffinityConfig`),
    trafficDistribution: str(),
    type: str({ enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] }),
  }),
  [`${CORE}ServicePort`]: object(
    {
      appProtocol: str(),
      name: str(),
      nodePort: int32(),
      port: int32({ default: 0 }),
      protocol: str({ default: 'TCP', enum: ['SCTP', 'TCP', 'UDP'] }),
      targetPort: intOrString(),
    },
    ['port'],
  ),
  [`${CORE}SessionAffinityConfig`]: object({ clientIP: ref(`${CORE}ClientIPConfig`) }),
  [`${CORE}ClientIPConfig`]: object({ timeoutSeconds: int32() }),
  [`${CORE}ServiceStatus`]: object({
    conditions: mergedList(`${META}Condition`, 'type'),
    loadBalancer: ref(`${CORE}LoadBalancerStatus`, { default: {} }),
  }),
  [`${CORE}LoadBalancerStatus`]: object({ ingress: atomicList(`${CORE}LoadBalancerIngress`) }),
  [`${CORE}LoadBalancerIngress`]: object({ hostname: str(), ip: str(), ipMode: str() }),
  [`${CORE}Endpoints`]: kindObject({ group: '', version: 'v1', kind: 'Endpoints' }, "The addresses and ports that implement a service, as the endpoints controller lists them.", {
    subsets: atomicList(`${CORE}EndpointSubset`),
  }),
  [`${CORE}EndpointSubset`]: object({
    addresses: atomicList(`${CORE}EndpointAddress`),
    notReadyAddresses: atomicList(`${CORE}EndpointAddress`),
    ports: atomicList(`${CORE}EndpointPort`),
  }),
  [`${CORE}EndpointAddress`]: object(
    { hostname: str(), ip: str({ default: '' }), nodeName: str(), targetRef: ref(`${CORE}ObjectReference`) },
    ['ip'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}EndpointPort`]: object(
    { appProtocol: str(), name: str(), port: int32({ default: 0 }), protocol: str({ enum: ['SCTP', 'TCP', 'UDP'] }) },
    ['port'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
};
