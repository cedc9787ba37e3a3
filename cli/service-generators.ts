// The Services `create service` and `expose` build, shaped as kubectl builds them.
import type { KubeObject } from '../api/types/meta.js';
import type { Service, ServicePort, ServiceProtocol, ServiceType } from '../api/types/service.js';
import { CliError } from './cli-error.js';
import { parsePort } from './generators.js';

export interface CreateServiceOptions {
  name: string;
  type: ServiceType;
  /** `port[:targetPort]` entries, as --tcp takes them. */
  tcp: string[];
  nodePort?: number;
  clusterIP?: string;
}

/** kubectl's `create service`: label and selector app=<name>, one port per --tcp named `<port>-<target>`. */
export function buildService(opts: CreateServiceOptions): Service {
  const ports: ServicePort[] = opts.tcp.map((entry) => {
    const [portText, targetText = portText] = entry.split(':');
    const port = parsePort(portText);
    const targetPort = parsePort(targetText);
    if (!port || targetPort === undefined) throw new CliError(`invalid --tcp "${entry}": expected port or port:targetPort`);
    const built: ServicePort = { name: `${port}-${targetPort}`, protocol: 'TCP', port, targetPort };
    if (opts.nodePort) built.nodePort = opts.nodePort;
    return built;
  });
  const spec: Service['spec'] = { ports, selector: { app: opts.name }, type: opts.type };
  if (opts.clusterIP) spec.clusterIP = opts.clusterIP;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: opts.name, labels: { app: opts.name } }, spec };
}

export interface ExposeOptions {
  name?: string;
  port?: number;
  targetPort?: string;
  protocol: ServiceProtocol;
  type?: ServiceType;
}

interface Exposable {
  selector: Record<string, string>;
  ports: number[];
}

/** The selector and container ports of what is exposed: a workload's matchLabels, or a pod's labels. */
function exposable(obj: KubeObject): Exposable {
  const spec = (obj.spec ?? {}) as {
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    template?: { spec?: { containers?: { ports?: { containerPort: number }[] }[] } };
    containers?: { ports?: { containerPort: number }[] }[];
  };
  if (obj.kind === 'Pod') {
    const ports = (spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
    return { selector: { ...(obj.metadata.labels ?? {}) }, ports };
  }
  if ((spec.selector?.matchExpressions ?? []).length > 0) {
    throw new CliError(`couldn't convert expressions - "${obj.metadata.name}" to map: only matchLabels can be exposed`);
  }
  const ports = (spec.template?.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
  return { selector: { ...(spec.selector?.matchLabels ?? {}) }, ports };
}

/** kubectl's `expose`: the object's labels and selector, --port or its container ports. */
export function buildExposedService(obj: KubeObject, opts: ExposeOptions): Service {
  const { selector, ports } = exposable(obj);
  if (Object.keys(selector).length === 0) throw new CliError(`the ${obj.kind.toLowerCase()} has no selector to expose`);
  const numbers = opts.port !== undefined ? [opts.port] : ports;
  if (numbers.length === 0) throw new CliError("couldn't find port via --port flag or introspection");
  const targetPort = opts.targetPort === undefined ? undefined : /^\d+$/.test(opts.targetPort) ? Number(opts.targetPort) : opts.targetPort;
  const servicePorts: ServicePort[] = numbers.map((port, i) => {
    const built: ServicePort = { port, protocol: opts.protocol, targetPort: targetPort ?? port };
    if (numbers.length > 1) built.name = `port-${i + 1}`;
    return built;
  });
  const spec: Service['spec'] = { ports: servicePorts, selector };
  if (opts.type) spec.type = opts.type;
  const metadata: KubeObject['metadata'] = { name: opts.name ?? obj.metadata.name ?? '' };
  if (obj.metadata.labels) metadata.labels = { ...obj.metadata.labels };
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}
