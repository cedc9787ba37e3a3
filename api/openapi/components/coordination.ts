// coordination.k8s.io/v1 Lease: node heartbeats and leader election.
import { int32, kindObject, microTime, object, ref, str } from '../builders.js';
import { COORDINATION } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const COORDINATION_COMPONENTS: ComponentTable = {
  [`${COORDINATION}Lease`]: kindObject(
    { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    'A lease held by one holder at a time, renewed to keep it.',
    { spec: ref(`${COORDINATION}LeaseSpec`, { default: {} }) },
  ),
  [`${COORDINATION}LeaseSpec`]: object({
    acquireTime: microTime(),
    holderIdentity: str(),
    leaseDurationSeconds: int32(),
    leaseTransitions: int32(),
    preferredHolder: str(),
    renewTime: microTime(),
    strategy: str(),
  }),
};
