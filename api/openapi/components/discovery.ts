// discovery.k8s.io/v1 EndpointSlice.
import { arrayOf, atomicList, bool, int32, kindObject, object, ref, str, stringMap } from '../builders.js';
import { CORE, DISCOVERY } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const DISCOVERY_COMPONENTS: ComponentTable = {
  [`${DISCOVERY}EndpointSlice`]: kindObject(
    { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
    'A subset of the endpoints that implement a service.',
    {
      addressType: str({ default: '', enum: ['FQDN', 'IPv4', 'IPv6'] }),
      endpoints: atomicList(`${DISCOVERY}Endpoint`),
      ports: atomicList(`${DISCOVERY}EndpointPort`),
    },
    ['addressType', 'endpoints'],
  ),
  [`${DISCOVERY}Endpoint`]: object(
    {
      addresses: arrayOf(str({ default: '' }), { 'x-kubernetes-list-type': 'set' }),
      conditions: ref(`${DISCOVERY}EndpointConditions`, { default: {} }),
      deprecatedTopology: stringMap(),
      hints: ref(`${DISCOVERY}EndpointHints`),
      hostname: str(),
      nodeName: str(),
      targetRef: ref(`${CORE}ObjectReference`),
      zone: str(),
    },
    ['addresses'],
  ),
  [`${DISCOVERY}EndpointConditions`]: object({ ready: bool(), serving: bool(), terminating: bool() }),
  [`${DISCOVERY}EndpointHints`]: object({ forZones: atomicList(`${DISCOVERY}ForZone`) }),
  [`${DISCOVERY}ForZone`]: object({ name: str({ default: '' }) }, ['name']),
  [`${DISCOVERY}EndpointPort`]: object(
    { appProtocol: str(), name: str(), port: int32(), protocol: str({ enum: ['SCTP', 'TCP', 'UDP'] }) },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
};
