// A PodSpec, wherever it appears: a Pod's `spec` or a workload's
// `spec.template.spec`. Mirrors Kubernetes' ValidatePodSpec.
import type { FieldError } from '../errors.js';
import { validateAllContainers } from './containers.js';
import {
  child,
  duplicate,
  forbidden,
  inclusiveRangeError,
  index,
  invalidValue,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.js';
import { validateLabels } from './labels.js';
import {
  INVALID_IP_MESSAGE,
  dns1123LabelErrors,
  isValidIp,
  nameIsDnsSubdomain,
  qualifiedNameErrors,
} from './names.js';
import { validateAffinity, validateTopologySpreadConstraints, validateTolerations } from './scheduling.js';
import { readArray, readBool, readEntry, readInt, readRecord, readString, recordOf, type JsonRecord } from './values.js';
import { validateVolumes } from './volumes.js';

export interface PodSpecOptions {
  /** A Pod's own spec (stricter about hostNetwork ports and image whitespace) rather than a template. */
  isPod: boolean;
  /** Names mounts may use besides spec.volumes (a StatefulSet's volumeClaimTemplates). */
  extraVolumeNames?: Iterable<string>;
}

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;
const MIN_ID = 0;

function validateNamed(value: string, field: string, check: (v: string) => string[]): FieldError[] {
  return value ? check(value).map((msg) => invalidValue(field, value, msg)) : [];
}

function validateHostNetworkPorts(spec: JsonRecord, field: string, isPod: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.hostNetwork !== true) return errs;
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  containers.forEach((c, i) => {
    const ports = Array.isArray(recordOf(c).ports) ? (recordOf(c).ports as unknown[]) : [];
    ports.forEach((raw, j) => {
      const port = recordOf(raw);
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
      // Templates may leave hostPort 0: it is defaulted when the pod is made.
      if ((isPod || hostPort !== 0) && hostPort !== containerPort) {
        const path = child(index(child(index(child(field, 'containers'), i), 'ports'), j), 'hostPort');
        errs.push(invalidValue(path, hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateSecurityContext(spec: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const path = child(field, 'securityContext');
  const sc = readRecord(spec.securityContext, path, errs);
  if (!sc) return errs;
  for (const idField of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const id = readInt(sc[idField], child(path, idField), errs);
    if (id !== undefined && (id < MIN_ID || id > MAX_INT32)) errs.push(invalidValue(child(path, idField), id, inclusiveRangeError(MIN_ID, MAX_INT32)));
  }
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalidValue(child(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  return errs;
}

function validateHostAliases(aliases: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(aliases, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const alias = readEntry(raw, path, errs);
    if (!alias) return;
    const ip = readString(alias.ip, child(path, 'ip'), errs);
    if (!isValidIp(ip)) errs.push(invalidValue(child(path, 'ip'), ip, INVALID_IP_MESSAGE));
    readArray(alias.hostnames, child(path, 'hostnames'), errs).forEach((h, j) => {
      const hostPath = index(child(path, 'hostnames'), j);
      errs.push(...validateNamed(readString(h, hostPath, errs), hostPath, (v) => nameIsDnsSubdomain(v, false)));
    });
  });
  return errs;
}

function validateGates(spec: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(spec.readinessGates, child(field, 'readinessGates'), errs).forEach((raw, i) => {
    const path = child(index(child(field, 'readinessGates'), i), 'conditionType');
    const type = readString(recordOf(raw).conditionType, path, errs);
    errs.push(...qualifiedNameErrors(type).map((msg) => invalidValue(path, type, msg)));
  });
  const seen = new Set<string>();
  readArray(spec.schedulingGates, child(field, 'schedulingGates'), errs).forEach((raw, i) => {
    const path = index(child(field, 'schedulingGates'), i);
    const name = readString(recordOf(raw).name, path, errs);
    errs.push(...qualifiedNameErrors(name).map((msg) => invalidValue(path, name, msg)));
    if (seen.has(name)) errs.push(duplicate(path, name));
    seen.add(name);
  });
  return errs;
}

function validateDns(spec: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const dnsPolicy = readString(spec.dnsPolicy, child(field, 'dnsPolicy'), errs);
  if (!dnsPolicy) errs.push(required(child(field, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(child(field, 'dnsPolicy'), dnsPolicy, DNS_POLICIES));
  const dnsConfig = readRecord(spec.dnsConfig, child(field, 'dnsConfig'), errs);
  if (dnsPolicy === 'None') {
    if (!dnsConfig) errs.push(required(child(field, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
    else if (readArray(dnsConfig.nameservers, child(field, 'dnsConfig.nameservers'), []).length === 0) {
      errs.push(required(child(field, 'dnsConfig.nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
    }
  }
  if (dnsConfig) {
    readArray(dnsConfig.nameservers, child(field, 'dnsConfig.nameservers'), errs).forEach((ns, i) => {
      const path = index(child(field, 'dnsConfig.nameservers'), i);
      const text = readString(ns, path, errs);
      if (!isValidIp(text)) errs.push(invalidValue(path, text, INVALID_IP_MESSAGE));
    });
  }
  return errs;
}

export function validatePodSpec(specValue: unknown, field: string, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(specValue, field, errs) ?? {};

  const gracePath = child(field, 'terminationGracePeriodSeconds');
  const gracePeriod = readInt(spec.terminationGracePeriodSeconds, gracePath, errs);
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) errs.push(required(gracePath));
  errs.push(...validateNonnegative(gracePeriod, gracePath));

  const volumes = validateVolumes(spec.volumes, child(field, 'volumes'));
  errs.push(...volumes.errors);
  const volumeNames = new Set([...volumes.names, ...(opts.extraVolumeNames ?? [])]);
  errs.push(
    ...validateAllContainers({ containers: spec.containers, initContainers: spec.initContainers }, field, {
      volumeNames,
      gracePeriod,
      isPod: opts.isPod,
    }),
  );
  if (spec.ephemeralContainers !== undefined && spec.ephemeralContainers !== null) {
    const detail = opts.isPod ? 'cannot be set on create' : 'ephemeral containers not allowed in pod template';
    errs.push(forbidden(child(field, 'ephemeralContainers'), detail));
  }

  readBool(spec.hostNetwork, child(field, 'hostNetwork'), errs);
  readBool(spec.enableServiceLinks, child(field, 'enableServiceLinks'), errs);
  readString(spec.schedulerName, child(field, 'schedulerName'), errs);
  errs.push(...validateHostNetworkPorts(spec, field, opts.isPod));

  const restartPolicy = readString(spec.restartPolicy, child(field, 'restartPolicy'), errs);
  if (!restartPolicy) errs.push(required(child(field, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(notSupported(child(field, 'restartPolicy'), restartPolicy, RESTART_POLICIES));

  errs.push(...validateDns(spec, field));
  errs.push(...validateLabels(spec.nodeSelector, child(field, 'nodeSelector')));
  errs.push(...validateSecurityContext(spec, field));
  errs.push(...validateAffinity(spec.affinity, child(field, 'affinity')));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(field, 'topologySpreadConstraints')));
  errs.push(...validateGates(spec, field));

  const subdomainChecked = ['serviceAccountName', 'nodeName', 'priorityClassName'] as const;
  for (const f of subdomainChecked) {
    errs.push(...validateNamed(readString(spec[f], child(field, f), errs), child(field, f), (v) => nameIsDnsSubdomain(v, false)));
  }
  for (const f of ['hostname', 'subdomain'] as const) {
    errs.push(...validateNamed(readString(spec[f], child(field, f), errs), child(field, f), dns1123LabelErrors));
  }

  const deadline = readInt(spec.activeDeadlineSeconds, child(field, 'activeDeadlineSeconds'), errs);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalidValue(child(field, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...validateTolerations(spec.tolerations, child(field, 'tolerations')));
  errs.push(...validateHostAliases(spec.hostAliases, child(field, 'hostAliases')));
  readArray(spec.imagePullSecrets, child(field, 'imagePullSecrets'), errs).forEach((raw, i) => {
    const secret = recordOf(raw);
    if (Object.keys(secret).some((k) => k !== 'name')) {
      errs.push(invalidValue(index(child(field, 'imagePullSecrets'), i), secret, 'only name may be set'));
    }
  });
  if (opts.isPod && readString(spec.nodeName, child(field, 'nodeName'), []) && readArray(spec.schedulingGates, '', []).length > 0) {
    errs.push(forbidden(child(field, 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}
