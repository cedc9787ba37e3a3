// Every component Flotilla publishes, in one table: `$ref`s resolve here.
import type { ComponentTable } from '../schema.js';
import { APPS_COMPONENTS } from './apps.js';
import { BATCH_COMPONENTS } from './batch.js';
import { COORDINATION_COMPONENTS } from './coordination.js';
import { AFFINITY_COMPONENTS } from './core-affinity.js';
import { CONFIGMAP_COMPONENTS } from './core-configmap.js';
import { CONTAINER_COMPONENTS } from './core-container.js';
import { EVENT_COMPONENTS } from './core-event.js';
import { NAMESPACE_COMPONENTS } from './core-namespace.js';
import { NODE_COMPONENTS } from './core-node.js';
import { POD_SPEC_COMPONENTS } from './core-pod-spec.js';
import { POD_COMPONENTS } from './core-pod.js';
import { PV_COMPONENTS } from './core-pv.js';
import { PVC_COMPONENTS } from './core-pvc.js';
import { SECRET_COMPONENTS } from './core-secret.js';
import { SERVICE_ACCOUNT_COMPONENTS } from './core-serviceaccount.js';
import { QUOTA_COMPONENTS } from './core-quota.js';
import { VOLUME_COMPONENTS } from './core-volume.js';
import { SERVICE_COMPONENTS } from './core-service.js';
import { DISCOVERY_COMPONENTS } from './discovery.js';
import { AUTOSCALING_COMPONENTS } from './autoscaling.js';
import { AUTOSCALING_V1_COMPONENTS } from './autoscaling-v1.js';
import { META_COMPONENTS } from './meta.js';
import { POLICY_COMPONENTS } from './policy.js';
import { STORAGE_COMPONENTS } from './storage.js';
import { RBAC_COMPONENTS } from './rbac.js';
import { CERTIFICATES_COMPONENTS } from './certificates.js';

const PARTS: readonly ComponentTable[] = [
  META_COMPONENTS,
  CONTAINER_COMPONENTS,
  VOLUME_COMPONENTS,
  PVC_COMPONENTS,
  PV_COMPONENTS,
  AFFINITY_COMPONENTS,
  POD_SPEC_COMPONENTS,
  POD_COMPONENTS,
  NODE_COMPONENTS,
  NAMESPACE_COMPONENTS,
  CONFIGMAP_COMPONENTS,
  SECRET_COMPONENTS,
  SERVICE_ACCOUNT_COMPONENTS,
  QUOTA_COMPONENTS,
  EVENT_COMPONENTS,
  COORDINATION_COMPONENTS,
  APPS_COMPONENTS,
  BATCH_COMPONENTS,
  SERVICE_COMPONENTS,
  DISCOVERY_COMPONENTS,
  POLICY_COMPONENTS,
  AUTOSCALING_COMPONENTS,
  STORAGE_COMPONENTS,
  AUTOSCALING_V1_COMPONENTS,
  RBAC_COMPONENTS,
  CERTIFICATES_COMPONENTS,
];

function merge(parts: readonly ComponentTable[]): ComponentTable {
  const table: Record<string, (typeof parts)[number][string]> = {};
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      // Two files declaring one name would make the table depend on import order.
      if (Object.prototype.hasOwnProperty.call(table, name)) throw new Error(`component ${name} declared twice`);
      table[name] = schema;
    }
  }
  return Object.freeze(table);
}

export const COMPONENTS: ComponentTable = merge(PARTS);
