// `kubectl get endpoints` (NAME ENDPOINTS AGE) and `kubectl get endpointslices`
// (NAME ADDRESSTYPE PORTS ENDPOINTS AGE): at most three entries, then "+ N more...".
import type { KubeObject } from '../types/meta.js';
import type { Endpoints, EndpointSlice } from '../types/service.js';
import { NONE } from './cells.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

/** kubectl shows this many entries of a list before summing up the rest. */
export const LISTED_ENTRIES = 3;
const UNSET = '<unset>';

function listWithMore(items: string[], empty: string): string {
  const shown = items.slice(0, LISTED_ENTRIES).join(',');
  if (items.length > LISTED_ENTRIES) return `${shown} + ${items.length - LISTED_ENTRIES} more...`;
  return shown || empty;
}

function hostPort(ip: string, port: number | undefined): string {
  return ip.includes(':') ? `[${ip}]:${port ?? 0}` : `${ip}:${port ?? 0}`;
}

/** Ready addresses, times each port (kubectl's formatEndpoints). */
export function formatEndpoints(ep: Endpoints): string {
  const items: string[] = [];
  for (const subset of ep.subsets ?? []) {
    const addresses = subset.addresses ?? [];
    if ((subset.ports ?? []).length === 0) items.push(...addresses.map((a) => a.ip));
    for (const port of subset.ports ?? []) items.push(...addresses.map((a) => hostPort(a.ip, port.port)));
  }
  return listWithMore(items, NONE);
}

export const endpointsTable: TableDefinition = {
  columns: [NAME_COLUMN, { name: 'Endpoints', priority: 0, description: 'Endpoints of the service.' }, AGE_COLUMN],
  row(obj: KubeObject, now: Date): string[] {
    const ep = obj as Endpoints;
    return [ep.metadata.name ?? '', formatEndpoints(ep), timestampSince(ep.metadata.creationTimestamp, now)];
  },
};

export const endpointSliceTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'AddressType', priority: 0, description: 'The type of address held by this slice.' },
    { name: 'Ports', priority: 0, description: 'The ports of this slice.' },
    { name: 'Endpoints', priority: 0, description: 'The addresses of this slice.' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const slice = obj as EndpointSlice;
    const ports = (slice.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      slice.metadata.name ?? '',
      slice.addressType ?? '',
      listWithMore(ports, UNSET),
      listWithMore(addresses, UNSET),
      timestampSince(slice.metadata.creationTimestamp, now),
    ];
  },
};
