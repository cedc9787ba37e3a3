// The variables the kubelet gives every container for a Service, as Docker links
// named them: KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT, KUBERNETES_PORT_443_TCP, ...
// In-cluster clients (client-go's InClusterConfig, @kubernetes/client-node's
// loadFromCluster) find the apiserver by the `kubernetes` Service's pair.
import type { Service } from '../../api/types/index.js';

/** The `kubernetes` Service every pod is told about, whatever its enableServiceLinks. */
export const MASTER_SERVICE = { namespace: 'default', name: 'kubernetes' } as const;

/** `my-svc` -> `MY_SVC`, as the kubelet turns a Service name into a variable prefix. */
function prefixOf(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** The Service's variables; none for a headless Service or one without an address yet. */
export function serviceEnvVars(service: Service): Map<string, string> {
  const vars = new Map<string, string>();
  const ip = service.spec?.clusterIP ?? '';
  const ports = service.spec?.ports ?? [];
  if (!ip || ip === 'None' || ports.length === 0) return vars;
  const prefix = prefixOf(service.metadata.name ?? '');
  const first = ports[0];
  vars.set(`${prefix}_SERVICE_HOST`, ip);
  vars.set(`${prefix}_SERVICE_PORT`, String(first.port));
  for (const port of ports) {
    if (port.name) vars.set(`${prefix}_SERVICE_PORT_${prefixOf(port.name)}`, String(port.port));
  }
  vars.set(`${prefix}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`);
  for (const port of ports) {
    const protocol = port.protocol ?? 'TCP';
    const key = `${prefix}_PORT_${port.port}_${protocol}`;
    vars.set(key, `${protocol.toLowerCase()}://${ip}:${port.port}`);
    vars.set(`${key}_PROTO`, protocol.toLowerCase());
    vars.set(`${key}_PORT`, String(port.port));
    vars.set(`${key}_ADDR`, ip);
  }
  return vars;
}
