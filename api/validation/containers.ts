// Containers and init containers: names, images, ports, env, mounts,
// resources, probes and hooks, as Kubernetes' validateContainers and
// validateInitContainers check them.
import type { FieldError } from '../errors.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { child, duplicate, forbidden, index, invalidValue, notFound, notSupported, required } from './field-errors.js';
import { dns1123LabelErrors, portNameErrors, portNumberErrors } from './names.js';
import { validateLifecycle, validateProbe } from './probes.js';
import { validateResourceRequirements } from './resources.js';
import { isAbsent, readArray, readBool, readEntry, readInt, readString, recordOf, type JsonRecord } from './values.js';
import { validateLocalDescendingPath } from './volumes.js';

export interface ContainerContext {
  /** Volume names a mount may refer to. */
  volumeNames: Set<string>;
  gracePeriod: number | undefined;
  /** A Pod rather than a template: a few checks only apply to real pods. */
  isPod: boolean;
}

export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
export const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const INIT_RESTART_POLICIES = ['Always'];
const INIT_ONLY_WITH_ALWAYS = 'may not be set for init containers without restartPolicy=Always';

function validatePorts(ports: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  readArray(ports, field, errs).forEach((raw, i) => {
    const portPath = index(field, i);
    const port = readEntry(raw, portPath, errs);
    if (!port) return;
    const name = readString(port.name, child(portPath, 'name'), errs);
    if (name) {
      const msgs = portNameErrors(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalidValue(child(portPath, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(portPath, 'name'), name));
      else names.add(name);
    }
    const containerPort = readInt(port.containerPort, child(portPath, 'containerPort'), errs);
    if (containerPort === 0 || (containerPort === undefined && isAbsent(port.containerPort))) {
      errs.push(required(child(portPath, 'containerPort')));
    } else if (containerPort !== undefined) {
      for (const msg of portNumberErrors(containerPort)) errs.push(invalidValue(child(portPath, 'containerPort'), containerPort, msg));
    }
    const hostPort = readInt(port.hostPort, child(portPath, 'hostPort'), errs);
    if (hostPort) for (const msg of portNumberErrors(hostPort)) errs.push(invalidValue(child(portPath, 'hostPort'), hostPort, msg));
    const protocol = readString(port.protocol, child(portPath, 'protocol'), errs);
    if (!protocol) errs.push(required(child(portPath, 'protocol')));
    else if (!PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(portPath, 'protocol'), protocol, PORT_PROTOCOLS));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, field: string, volumeNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  readArray(mounts, field, errs).forEach((raw, i) => {
    const mountPath = index(field, i);
    const mount = readEntry(raw, mountPath, errs);
    if (!mount) return;
    const name = readString(mount.name, child(mountPath, 'name'), errs);
    if (!name) errs.push(required(child(mountPath, 'name')));
    else if (!volumeNames.has(name)) errs.push(notFound(child(mountPath, 'name'), name));
    const path = readString(mount.mountPath, child(mountPath, 'mountPath'), errs);
    if (!path) errs.push(required(child(mountPath, 'mountPath')));
    else if (mountPaths.has(path)) errs.push(invalidValue(child(mountPath, 'mountPath'), path, 'must be unique'));
    mountPaths.add(path);
    const subPath = readString(mount.subPath, child(mountPath, 'subPath'), errs);
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, child(mountPath, 'subPath')));
    const subPathExpr = readString(mount.subPathExpr, child(mountPath, 'subPathExpr'), errs);
    if (subPathExpr) {
      if (subPath) errs.push(invalidValue(child(mountPath, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, child(mountPath, 'subPathExpr')));
    }
    readBool(mount.readOnly, child(mountPath, 'readOnly'), errs);
    const propagation = mount.mountPropagation;
    if (propagation !== undefined && propagation !== null && !MOUNT_PROPAGATIONS.includes(String(propagation))) {
      errs.push(notSupported(child(mountPath, 'mountPropagation'), propagation, MOUNT_PROPAGATIONS));
    }
  });
  return errs;
}

function validateContainerCommon(c: JsonRecord, field: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const name = readString(c.name, child(field, 'name'), errs);
  if (!name) errs.push(required(child(field, 'name')));
  else for (const msg of dns1123LabelErrors(name)) errs.push(invalidValue(child(field, 'name'), name, msg));
  const image = readString(c.image, child(field, 'image'), errs);
  if (!image) errs.push(required(child(field, 'image')));
  else if (ctx.isPod && image.trim() !== image) {
    errs.push(invalidValue(child(field, 'image'), image, 'must not have leading or trailing whitespace'));
  }
  readString(c.terminationMessagePath, child(field, 'terminationMessagePath'), errs);
  const messagePolicy = readString(c.terminationMessagePolicy, child(field, 'terminationMessagePolicy'), errs);
  if (!messagePolicy) errs.push(required(child(field, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(messagePolicy)) {
    errs.push(notSupported(child(field, 'terminationMessagePolicy'), messagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  const pullPolicy = readString(c.imagePullPolicy, child(field, 'imagePullPolicy'), errs);
  if (!pullPolicy) errs.push(required(child(field, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pullPolicy)) errs.push(notSupported(child(field, 'imagePullPolicy'), pullPolicy, PULL_POLICIES));
  for (const list of ['command', 'args'] as const) {
    const listPath = child(field, list);
    readArray(c[list], listPath, errs).forEach((arg, i) => readString(arg, index(listPath, i), errs));
  }
  errs.push(...validatePorts(c.ports, child(field, 'ports')));
  errs.push(...validateEnv(c.env, child(field, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(field, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, child(field, 'volumeMounts'), ctx.volumeNames));
  errs.push(...validateResourceRequirements(c.resources, child(field, 'resources')));
  return errs;
}

function validateProbesAndHooks(c: JsonRecord, field: string, gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle !== undefined && c.lifecycle !== null) errs.push(...validateLifecycle(c.lifecycle, child(field, 'lifecycle'), gracePeriod));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (c[kind] !== undefined && c[kind] !== null) errs.push(...validateProbe(c[kind], child(field, kind), kind, gracePeriod));
  }
  return errs;
}

/** `TCP//8080` style keys: one host port per protocol and host IP. */
function hostPortConflicts(containers: Array<{ c: JsonRecord; field: string }>): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const { c, field } of containers) {
    const ports = Array.isArray(c.ports) ? c.ports : [];
    ports.forEach((raw, pi) => {
      const port = recordOf(raw);
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      if (hostPort === 0) return;
      const entry = `${String(port.protocol ?? '')}/${String(port.hostIP ?? '')}/${hostPort}`;
      if (seen.has(entry)) errs.push(duplicate(child(index(child(field, 'ports'), pi), 'hostPort'), entry));
      else seen.add(entry);
    });
  }
  return errs;
}

export interface ContainerLists {
  containers: unknown;
  initContainers: unknown;
}

/** Both container lists of one pod spec; `field` is the spec's path. */
export function validateAllContainers(lists: ContainerLists, field: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const containersPath = child(field, 'containers');
  const initPath = child(field, 'initContainers');
  const containers = readArray(lists.containers, containersPath, errs);
  const initContainers = readArray(lists.initContainers, initPath, errs);

  const names = new Set<string>();
  const regular: Array<{ c: JsonRecord; field: string }> = [];
  if (containers.length === 0) errs.push(required(containersPath));
  containers.forEach((raw, i) => {
    const path = index(containersPath, i);
    const c = readEntry(raw, path, errs);
    if (!c) return;
    regular.push({ c, field: path });
    errs.push(...validateContainerCommon(c, path, ctx));
    const name = typeof c.name === 'string' ? c.name : '';
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
    errs.push(...validateProbesAndHooks(c, path, ctx.gracePeriod));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(child(path, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...hostPortConflicts(regular));

  initContainers.forEach((raw, i) => {
    const path = index(initPath, i);
    const c = readEntry(raw, path, errs);
    if (!c) return;
    errs.push(...validateContainerCommon(c, path, ctx));
    let sidecar = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy === 'Always') sidecar = true;
      else errs.push(notSupported(child(path, 'restartPolicy'), c.restartPolicy, INIT_RESTART_POLICIES));
    }
    const name = typeof c.name === 'string' ? c.name : '';
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else if (name) names.add(name);
    // Init containers run one at a time, so only conflicts within one count.
    errs.push(...hostPortConflicts([{ c, field: path }]));
    if (sidecar) {
      errs.push(...validateProbesAndHooks(c, path, ctx.gracePeriod));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(child(path, f), INIT_ONLY_WITH_ALWAYS));
      }
    }
  });
  return errs;
}
