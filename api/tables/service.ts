// `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, SELECTOR wide,
// with the cells kubectl's printService builds.
import type { KubeObject } from '../types/meta.js';
import type { Service, ServiceSpec } from '../types/service.js';
import { formatLabels, NONE } from './cells.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

const PENDING = '<pending>';

function externalIp(spec: ServiceSpec, svc: Service): string {
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ExternalName':
      return spec.externalName ?? NONE;
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(',') : PENDING;
    }
    default:
      return external.length > 0 ? external.join(',') : NONE;
  }
}

/** `80/TCP,443:30443/TCP`. */
export function servicePorts(spec: ServiceSpec): string {
  const ports = (spec.ports ?? []).map((p) =>
    p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
  );
  return ports.length > 0 ? ports.join(',') : NONE;
}

export const serviceTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Type', priority: 0, description: 'The type of the service.' },
    { name: 'Cluster-IP', priority: 0, description: 'The virtual IP of the service inside the cluster.' },
    { name: 'External-IP', priority: 0, description: 'The addresses the service is reachable at from outside.' },
    { name: 'Port(s)', priority: 0, description: 'The ports the service exposes.' },
    AGE_COLUMN,
    { name: 'Selector', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const svc = obj as Service;
    const spec = svc.spec ?? {};
    return [
      svc.metadata.name ?? '',
      spec.type ?? 'ClusterIP',
      spec.clusterIP || NONE,
      externalIp(spec, svc),
      servicePorts(spec),
      timestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};
