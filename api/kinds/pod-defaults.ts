// Kubernetes' v1 defaulting for a PodSpec (SetDefaults_PodSpec, _Container,
// _Probe, _HTTPGetAction, _Volume, ...) plus the Pod-only parts
// (SetDefaults_Pod).
// Everything here mutates the object it is given: the apiserver passes a copy.
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { arrayOf, isAbsent, isRecord, recordOf, type JsonRecord } from '../validation/values.js';
import { VOLUME_SOURCES } from '../validation/volumes.js';
import { setIfAbsent, setIfEmpty } from './common.js';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';
const DEFAULT_FILE_MODE = 0o644;

const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } as const;

function records(value: unknown): JsonRecord[] {
  return arrayOf(value).filter(isRecord);
}

/**
 * The tag Kubernetes' ParseImageName would find: "latest" when the image has
 * neither tag nor digest, "" when it has only a digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const hasDigest = at >= 0;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > lastSlash ? name.slice(colon + 1) : '';
  if (tag) return tag;
  return hasDigest ? '' : 'latest';
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return image && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(handler: unknown): void {
  if (!isRecord(handler)) return;
  if (isRecord(handler.httpGet)) {
    setIfEmpty(handler.httpGet, 'path', '/');
    setIfEmpty(handler.httpGet, 'scheme', 'HTTP');
  }
}

function defaultProbe(probe: unknown): void {
  if (!isRecord(probe)) return;
  for (const [field, value] of Object.entries(PROBE_DEFAULTS)) {
    if (probe[field] === undefined || probe[field] === null || probe[field] === 0) probe[field] = value;
  }
  defaultHandler(probe);
}

function defaultContainer(c: JsonRecord): void {
  // ResourceRequirements is a value in Kubernetes: `resources: {}` and no resources are one thing,
  // and must hash and compare as one in pod templates.
  if (isRecord(c.resources) && Object.keys(c.resources).length === 0) delete c.resources;
  setIfEmpty(c, 'imagePullPolicy', defaultPullPolicy(typeof c.image === 'string' ? c.image : ''));
  setIfEmpty(c, 'terminationMessagePath', DEFAULT_TERMINATION_MESSAGE_PATH);
  setIfEmpty(c, 'terminationMessagePolicy', 'File');
  for (const port of records(c.ports)) setIfEmpty(port, 'protocol', 'TCP');
  for (const env of records(c.env)) {
    const fieldRef = recordOf(env.valueFrom).fieldRef;
    if (isRecord(fieldRef)) setIfEmpty(fieldRef, 'apiVersion', 'v1');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isRecord(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCE_KEYS: ReadonlySet<string> = new Set(VOLUME_SOURCES);

/** SetDefaults_ServiceAccountTokenProjection: one hour. */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

function defaultVolume(v: JsonRecord): void {
  const hasSource = Object.keys(v).some((k) => VOLUME_SOURCE_KEYS.has(k) && v[k] !== undefined && v[k] !== null);
  // A volume without a source is an emptyDir, as SetDefaults_Volume makes it.
  if (!hasSource) v.emptyDir = {};
  if (isRecord(v.hostPath)) setIfAbsent(v.hostPath, 'type', '');
  for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    if (isRecord(v[source])) setIfAbsent(v[source] as JsonRecord, 'defaultMode', DEFAULT_FILE_MODE);
  }
  defaultDownwardItems(v.downwardAPI);
  for (const projection of records(recordOf(v.projected).sources)) {
    defaultDownwardItems(projection.downwardAPI);
    if (isRecord(projection.serviceAccountToken)) setIfAbsent(projection.serviceAccountToken, 'expirationSeconds', DEFAULT_TOKEN_EXPIRATION_SECONDS);
  }
}

/** SetDefaults_ObjectFieldSelector, for the files of a downwardAPI volume or projection. */
function defaultDownwardItems(source: unknown): void {
  for (const item of records(recordOf(source).items)) {
    if (isRecord(item.fieldRef)) setIfEmpty(item.fieldRef, 'apiVersion', 'v1');
  }
}

function defaultHostNetworkPorts(containers: unknown): void {
  for (const c of records(containers)) {
    for (const port of records(c.ports)) {
      if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
}

/** SetDefaults_PodSpec and everything nested in it; what pod templates get. */
/**
 * `serviceAccount` is v1's deprecated alias of `serviceAccountName`: read when
 * the name is empty and written back equal to it, so a spec naming its account
 * the old way runs as that account, and clients reading either field agree.
 */
function defaultServiceAccountAlias(spec: JsonRecord): void {
  const alias = spec.serviceAccount;
  if ((isAbsent(spec.serviceAccountName) || spec.serviceAccountName === '') && typeof alias === 'string' && alias !== '') spec.serviceAccountName = alias;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') spec.serviceAccount = spec.serviceAccountName;
}

export function defaultPodSpec(spec: JsonRecord): void {
  defaultServiceAccountAlias(spec);
  setIfEmpty(spec, 'dnsPolicy', 'ClusterFirst');
  setIfEmpty(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setIfEmpty(spec, 'schedulerName', DEFAULT_SCHEDULER_NAME);
  for (const c of [...records(spec.containers), ...records(spec.initContainers)]) defaultContainer(c);
  for (const v of records(spec.volumes)) defaultVolume(v);
}

function defaultRequestsFromLimits(containers: unknown): void {
  for (const c of records(containers)) {
    const resources = recordOf(c.resources);
    // Requests of the wrong type are left for validation to report, not replaced.
    if (!isRecord(resources.limits) || !(isAbsent(resources.requests) || isRecord(resources.requests))) continue;
    const requests = isRecord(resources.requests) ? resources.requests : {};
    for (const [name, value] of Object.entries(resources.limits)) {
      if (!(name in requests)) requests[name] = value;
    }
    resources.requests = requests;
  }
}

/** SetDefaults_Pod on top of the spec defaults: only real pods get these. */
export function defaultPodOnly(spec: JsonRecord): void {
  defaultRequestsFromLimits(spec.containers);
  defaultRequestsFromLimits(spec.initContainers);
  setIfAbsent(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
}

function hasRequestOrLimit(c: JsonRecord, resource: string): boolean {
  const r = recordOf(c.resources);
  return recordOf(r.requests)[resource] !== undefined || recordOf(r.limits)[resource] !== undefined;
}

function quantityEquals(a: unknown, b: unknown): boolean {
  const x = String(a);
  const y = String(b);
  if (!isValidQuantity(x) || !isValidQuantity(y)) return x === y;
  return compareQuantities(x, y) === 0;
}

/** Kubernetes' QoS class: Guaranteed, Burstable or BestEffort, from requests and limits. */
export function podQosClass(spec: JsonRecord): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...records(spec.containers), ...records(spec.initContainers)];
  const computeResources = ['cpu', 'memory'];
  const anySet = containers.some((c) => computeResources.some((r) => hasRequestOrLimit(c, r)));
  if (!anySet) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const res = recordOf(c.resources);
    const limits = recordOf(res.limits);
    const requests = recordOf(res.requests);
    return computeResources.every((r) => limits[r] !== undefined && (requests[r] === undefined || quantityEquals(requests[r], limits[r])));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
