// The rules of Kubernetes' ValidateService and ValidateServiceUpdate that a
// Service must pass before the apiserver allocates anything for it.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import {
  child,
  duplicate,
  FIELD_IMMUTABLE,
  forbidden,
  index,
  inclusiveRangeError,
  invalidValue,
  notSupported,
  required,
} from '../validation/field-errors.js';
import { validateLabels } from '../validation/labels.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, INVALID_IP_MESSAGE, isValidIp, portNameErrors, portNumberErrors } from '../validation/names.js';
import { arrayOf, isAbsent, readArray, readBool, readEntry, readInt, readRecord, readString, type JsonRecord } from '../validation/values.js';
import { specOf } from './common.js';

export const CLUSTER_IP_NONE = 'None';
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export const SERVICE_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const AFFINITIES = ['ClientIP', 'None'] as const;
const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const;
const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
/** Kubernetes' MaxClientIPServiceAffinitySeconds: one day. */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86_400;

/** The type as stored; absent reads as ClusterIP, Kubernetes' default. */
export function serviceType(spec: JsonRecord): string {
  return typeof spec.type === 'string' && spec.type ? spec.type : 'ClusterIP';
}

export function isHeadless(spec: JsonRecord): boolean {
  return spec.clusterIP === CLUSTER_IP_NONE;
}

/** NodePort and LoadBalancer Services get a port on every node. */
export function needsNodePorts(spec: JsonRecord): boolean {
  const type = serviceType(spec);
  return type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

/** Every type but ExternalName has a virtual IP (or the headless "None"). */
export function needsClusterIp(spec: JsonRecord): boolean {
  return serviceType(spec) !== 'ExternalName';
}

function validatePort(port: JsonRecord, path: string, requireName: boolean, names: Set<string>, errs: FieldError[]): void {
  const name = readString(port.name, child(path, 'name'), errs);
  if (requireName && !name) errs.push(required(child(path, 'name'), ''));
  if (name) {
    // A DNS label, unlike container port names (IANA_SVC_NAME): `80-8080` is a valid Service port name.
    for (const msg of dns1123LabelErrors(name)) errs.push(invalidValue(child(path, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    names.add(name);
  }
  const protocol = readString(port.protocol, child(path, 'protocol'), errs);
  if (!protocol) errs.push(required(child(path, 'protocol'), ''));
  else if (!(SERVICE_PROTOCOLS as readonly string[]).includes(protocol)) errs.push(notSupported(child(path, 'protocol'), protocol, SERVICE_PROTOCOLS));
  const number = readInt(port.port, child(path, 'port'), errs);
  for (const msg of portNumberErrors(number ?? 0)) errs.push(invalidValue(child(path, 'port'), number ?? 0, msg));
  validateTargetPort(port.targetPort, child(path, 'targetPort'), errs);
  const nodePort = readInt(port.nodePort, child(path, 'nodePort'), errs);
  if (nodePort) for (const msg of portNumberErrors(nodePort)) errs.push(invalidValue(child(path, 'nodePort'), nodePort, msg));
}

function validateTargetPort(value: unknown, field: string, errs: FieldError[]): void {
  if (typeof value === 'number') {
    for (const msg of portNumberErrors(value)) errs.push(invalidValue(field, value, msg));
  } else if (typeof value === 'string') {
    for (const msg of portNameErrors(value)) errs.push(invalidValue(field, value, msg));
  } else if (!isAbsent(value)) {
    errs.push(invalidValue(field, value, 'must be an integer or a string'));
  }
}

function validatePorts(spec: JsonRecord, type: string, errs: FieldError[]): void {
  const ports = readArray(spec.ports, 'spec.ports', errs);
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') errs.push(required('spec.ports', ''));
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((raw, i) => {
    const path = index('spec.ports', i);
    const port = readEntry(raw, path, errs);
    if (!port) return;
    validatePort(port, path, ports.length > 1, names, errs);
    const key = `${String(port.protocol)}/${String(port.port)}`;
    if (seen.has(key)) errs.push(duplicate(path, { port: port.port, protocol: port.protocol }));
    seen.add(key);
    if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') {
        errs.push(forbidden(child(path, 'nodePort'), `may not be used when \`type\` is '${type}'`));
      }
      const nodeKey = `${String(port.protocol)}/${port.nodePort}`;
      if (nodePorts.has(nodeKey)) errs.push(duplicate(child(path, 'nodePort'), port.nodePort));
      nodePorts.add(nodeKey);
    }
  });
}

function validateClusterIps(spec: JsonRecord, type: string, errs: FieldError[]): void {
  const clusterIP = readString(spec.clusterIP, 'spec.clusterIP', errs);
  const clusterIPs = readArray(spec.clusterIPs, 'spec.clusterIPs', errs);
  if (type === 'ExternalName') {
    if (clusterIP || clusterIPs.length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    return;
  }
  if (clusterIPs.length > 0 && clusterIP && clusterIPs[0] !== clusterIP) {
    errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  }
  if (clusterIPs.length > 2) errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  clusterIPs.forEach((ip, i) => {
    const field = index('spec.clusterIPs', i);
    if (typeof ip !== 'string') errs.push(invalidValue(field, ip, 'must be a string'));
    else if (ip === CLUSTER_IP_NONE) {
      if (i > 0 || clusterIPs.length > 1) errs.push(invalidValue(field, ip, "'None' must be the first and only value"));
      if (type === 'NodePort' || type === 'LoadBalancer') errs.push(invalidValue(field, ip, `may not be set to 'None' for ${type} services`));
    } else if (!isValidIp(ip)) errs.push(invalidValue(field, ip, INVALID_IP_MESSAGE));
  });
  if (clusterIPs.length === 0 && clusterIP && clusterIP !== CLUSTER_IP_NONE && !isValidIp(clusterIP)) {
    errs.push(invalidValue('spec.clusterIP', clusterIP, INVALID_IP_MESSAGE));
  }
}

function validateAffinity(spec: JsonRecord, errs: FieldError[]): void {
  const affinity = readString(spec.sessionAffinity, 'spec.sessionAffinity', errs);
  if (!affinity) errs.push(required('spec.sessionAffinity', ''));
  else if (!(AFFINITIES as readonly string[]).includes(affinity)) errs.push(notSupported('spec.sessionAffinity', affinity, AFFINITIES));
  const config = readRecord(spec.sessionAffinityConfig, 'spec.sessionAffinityConfig', errs);
  if (affinity !== 'ClientIP') {
    if (config && Object.keys(config).length > 0) {
      errs.push(forbidden('spec.sessionAffinityConfig', `must not be set when session affinity is ${affinity}`));
    }
    return;
  }
  const clientIp = readRecord(config?.clientIP, 'spec.sessionAffinityConfig.clientIP', errs);
  const field = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
  const timeout = readInt(clientIp?.timeoutSeconds, field, errs);
  if (timeout === undefined) errs.push(required(field, ''));
  else if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    errs.push(invalidValue(field, timeout, inclusiveRangeError(1, MAX_CLIENT_IP_AFFINITY_SECONDS)));
  }
}

function validateEnum(spec: JsonRecord, name: string, allowed: readonly string[], errs: FieldError[]): string {
  const field = child('spec', name);
  const value = readString(spec[name], field, errs);
  if (value && !allowed.includes(value)) errs.push(notSupported(field, value, allowed));
  return value;
}

function validateTrafficPolicies(spec: JsonRecord, type: string, errs: FieldError[]): void {
  const external = validateEnum(spec, 'externalTrafficPolicy', TRAFFIC_POLICIES, errs);
  if (external && type !== 'NodePort' && type !== 'LoadBalancer') {
    errs.push(invalidValue('spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services'));
  }
  const internal = validateEnum(spec, 'internalTrafficPolicy', TRAFFIC_POLICIES, errs);
  if (!internal && type !== 'ExternalName') errs.push(required('spec.internalTrafficPolicy', ''));
}

function validateIpFamilies(spec: JsonRecord, errs: FieldError[]): void {
  validateEnum(spec, 'ipFamilyPolicy', IP_FAMILY_POLICIES, errs);
  arrayOf(spec.ipFamilies).forEach((family, i) => {
    if (typeof family !== 'string' || !(IP_FAMILIES as readonly string[]).includes(family)) {
      errs.push(notSupported(index('spec.ipFamilies', i), family, IP_FAMILIES));
    }
  });
}

/** Everything ValidateService checks of the spec. */
export function validateServiceSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  const type = readString(spec.type, 'spec.type', errs) || 'ClusterIP';
  if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
    errs.push(notSupported('spec.type', type, SERVICE_TYPES));
    return errs;
  }
  if (type === 'ExternalName') {
    const name = readString(spec.externalName, 'spec.externalName', errs);
    if (!name) errs.push(required('spec.externalName', ''));
    for (const msg of dns1123SubdomainErrors(name.replace(/\.$/, ''))) if (name) errs.push(invalidValue('spec.externalName', name, msg));
  }
  validatePorts(spec, type, errs);
  validateClusterIps(spec, type, errs);
  errs.push(...validateLabels(spec.selector ?? {}, 'spec.selector'));
  validateAffinity(spec, errs);
  validateTrafficPolicies(spec, type, errs);
  validateIpFamilies(spec, errs);
  readBool(spec.publishNotReadyAddresses, 'spec.publishNotReadyAddresses', errs);
  return errs;
}

/** clusterIP and clusterIPs never change once set, unless the Service turns into or out of ExternalName. */
export function validateServiceSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const next = specOf(obj);
  const prev = specOf(old);
  if (serviceType(prev) === 'ExternalName' || serviceType(next) === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const before = arrayOf(prev.clusterIPs);
  const after = arrayOf(next.clusterIPs);
  if (before.length > 0 && after[0] !== before[0]) {
    errs.push(invalidValue('spec.clusterIPs[0]', after[0] ?? '', 'may not change once set'));
  }
  if (prev.clusterIP && next.clusterIP !== prev.clusterIP) {
    errs.push(invalidValue('spec.clusterIP', next.clusterIP ?? '', FIELD_IMMUTABLE));
  }
  return errs;
}
