// v1 Service: defaults as Kubernetes' SetDefaults_Service (plus the single-stack
// IPv4 ipFamilies the apiserver fills), validation in service-validation.ts,
// and PrepareForUpdate's carrying of allocated values the client did not resend.
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { serviceTable } from '../tables/service.js';
import type { KubeObject } from '../types/meta.js';
import type { Service } from '../types/service.js';
import { nameIsDnsLabel } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { arrayOf, isRecord, type JsonRecord } from '../validation/values.js';
import { ensureRecord, metadataOnlyStatusUpdate, setIfAbsent, setIfEmpty, specOf } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import {
  isHeadless,
  needsClusterIp,
  needsNodePorts,
  serviceType,
  validateServiceSpec,
  validateServiceSpecUpdate,
} from './service-validation.js';

/** Kubernetes' DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10_800;

function portsOf(spec: JsonRecord): JsonRecord[] {
  return arrayOf(spec.ports).filter(isRecord);
}

function defaultPorts(spec: JsonRecord): void {
  for (const port of portsOf(spec)) {
    setIfEmpty(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
}

function defaultIpFields(spec: JsonRecord): void {
  if (!needsClusterIp(spec)) return;
  const ips = arrayOf(spec.clusterIPs);
  if (ips.length > 0 && !spec.clusterIP) spec.clusterIP = ips[0];
  if (ips.length === 0 && typeof spec.clusterIP === 'string' && spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
  // A headless Service without a selector publishes whatever addresses its owner writes, of either family.
  const selectorless = !isRecord(spec.selector) || Object.keys(spec.selector).length === 0;
  setIfEmpty(spec, 'ipFamilyPolicy', isHeadless(spec) && selectorless ? 'RequireDualStack' : 'SingleStack');
  if (arrayOf(spec.ipFamilies).length === 0) spec.ipFamilies = ['IPv4'];
}

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfEmpty(spec, 'type', 'ClusterIP');
  setIfEmpty(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const config = ensureRecord(spec, 'sessionAffinityConfig');
    const clientIp = config && ensureRecord(config, 'clientIP');
    if (clientIp) setIfAbsent(clientIp, 'timeoutSeconds', DEFAULT_CLIENT_IP_AFFINITY_SECONDS);
  }
  defaultPorts(spec);
  if (serviceType(spec) !== 'ExternalName') setIfEmpty(spec, 'internalTrafficPolicy', 'Cluster');
  if (serviceType(spec) === 'NodePort' || serviceType(spec) === 'LoadBalancer') setIfEmpty(spec, 'externalTrafficPolicy', 'Cluster');
  defaultIpFields(spec);
}

/** The old nodePort of the port with the same number and protocol, as patchAllocatedValues matches them. */
function oldNodePort(port: JsonRecord, old: JsonRecord[]): unknown {
  const protocol = port.protocol || 'TCP';
  return old.find((p) => p.port === port.port && (p.protocol || 'TCP') === protocol)?.nodePort;
}

function nodePortsOf(spec: JsonRecord): unknown[] {
  return portsOf(spec).map((p) => p.nodePort ?? 0);
}

/**
 * Kubernetes' patchAllocatedValues and dropTypeDependentFields: values the
 * server chose stay when the client left them out, and a type change that
 * no longer needs them drops them unless the client changed them itself.
 */
function prepareForUpdate(obj: KubeObject, old: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  const prev = specOf(old);
  if (needsClusterIp(spec) && needsClusterIp(prev) && !spec.clusterIP && arrayOf(spec.clusterIPs).length === 0) {
    if (prev.clusterIP !== undefined) spec.clusterIP = prev.clusterIP;
    if (prev.clusterIPs !== undefined) spec.clusterIPs = structuredClone(prev.clusterIPs);
  }
  if (needsNodePorts(spec) && needsNodePorts(prev)) {
    for (const port of portsOf(spec)) {
      const before = oldNodePort(port, portsOf(prev));
      if (!port.nodePort && typeof before === 'number') port.nodePort = before;
    }
  }
  if (serviceType(spec) === serviceType(prev)) return;
  if (!needsClusterIp(spec) && spec.clusterIP === prev.clusterIP && semanticEqual(spec.clusterIPs, prev.clusterIPs)) {
    for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy']) delete spec[field];
  }
  if (!needsNodePorts(spec) && semanticEqual(nodePortsOf(spec), nodePortsOf(prev))) {
    for (const port of portsOf(spec)) delete port.nodePort;
  }
  if (serviceType(spec) !== 'NodePort' && serviceType(spec) !== 'LoadBalancer' && spec.externalTrafficPolicy === prev.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
}

function validate(obj: KubeObject) {
  return [...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsLabel }), ...validateServiceSpec(obj)];
}

export const serviceStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: false,
  applyDefaults,
  prepareForUpdate,
  validate,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceSpecUpdate(obj, old), ...validate(obj)];
  },
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${CORE}Service`);

export const serviceKind: KindDefinition<Service> = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true },
  strategy: serviceStrategy,
  table: serviceTable,
  fieldSelectors: {
    'spec.clusterIP': (obj) => String(specOf(obj).clusterIP ?? ''),
    'spec.type': (obj) => String(specOf(obj).type ?? ''),
  },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
