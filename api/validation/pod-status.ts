// A Pod's status as the node agent and scheduler write it: phase, conditions,
// addresses, and container states that may not come back from the dead.
import type { FieldError } from '../errors.js';
import { child, duplicate, FIELD_IMMUTABLE, forbidden, index, invalidValue, notSupported, required, validateNonnegative } from './field-errors.js';
import { INVALID_IP_MESSAGE, isValidIp, nameIsDnsSubdomain, qualifiedNameErrors } from './names.js';
import { arrayOf, readArray, readEntry, readInt, readRecord, readString, recordOf, stringOf, type JsonRecord } from './values.js';

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
const SYSTEM_POD_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);
const MAX_IPS_PER_FAMILY_TOTAL = 2;

/** Condition lists of any kind: a type, and a status of True/False/Unknown. */
export function validateConditions(conditions: unknown, field: string, systemTypes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  readArray(conditions, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const c = readEntry(raw, path, errs);
    if (!c) return;
    const type = readString(c.type, child(path, 'type'), errs);
    if (!type) errs.push(required(child(path, 'type')));
    else if (!systemTypes.has(type)) errs.push(...qualifiedNameErrors(type).map((m) => invalidValue(child(path, 'type'), type, m)));
    const status = readString(c.status, child(path, 'status'), errs);
    if (!CONDITION_STATUSES.includes(status)) errs.push(notSupported(child(path, 'status'), status, CONDITION_STATUSES));
  });
  return errs;
}

function validateIps(status: JsonRecord, errs: FieldError[]): void {
  for (const f of ['podIP', 'hostIP'] as const) {
    const ip = readString(status[f], child('status', f), errs);
    if (ip && !isValidIp(ip)) errs.push(invalidValue(child('status', f), ip, INVALID_IP_MESSAGE));
  }
  for (const list of ['podIPs', 'hostIPs'] as const) {
    const field = child('status', list);
    const ips = readArray(status[list], field, errs).map((raw, i) => readString(recordOf(raw).ip, child(index(field, i), 'ip'), errs));
    const seen = new Set<string>();
    ips.forEach((ip, i) => {
      if (!isValidIp(ip)) errs.push(invalidValue(index(field, i), ip, INVALID_IP_MESSAGE));
      if (seen.has(ip)) errs.push(duplicate(index(field, i), { ip }));
      seen.add(ip);
    });
    if (ips.length > MAX_IPS_PER_FAMILY_TOTAL) {
      errs.push(invalidValue(field, status[list], 'may specify no more than one IP for each IP family'));
    }
  }
}

function terminated(status: unknown): boolean {
  return recordOf(recordOf(status).state).terminated !== undefined && recordOf(recordOf(status).state).terminated !== null;
}

/** Containers that ended for good (per restartPolicy) may not be reported running again. */
function validateStateTransitions(
  next: unknown[],
  prev: unknown[],
  field: string,
  restartPolicy: string,
  mayRestart: (name: string) => boolean = () => false,
): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  prev.forEach((old, i) => {
    if (!terminated(old)) return;
    const exitCode = recordOf(recordOf(recordOf(old).state).terminated).exitCode;
    if (exitCode !== 0 && restartPolicy === 'OnFailure') return;
    const name = stringOf(recordOf(old).name);
    if (mayRestart(name)) return;
    if (next.some((n) => stringOf(recordOf(n).name) === name && !terminated(n))) {
      errs.push(forbidden(child(index(field, i), 'state'), 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

function validateContainerStatuses(list: unknown, field: string, errs: FieldError[]): void {
  readArray(list, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const s = readEntry(raw, path, errs);
    if (!s) return;
    errs.push(...validateNonnegative(readInt(s.restartCount, child(path, 'restartCount'), errs), child(path, 'restartCount')));
  });
}

/** Rules for a pod status write; `spec` is the stored spec (a status write cannot change it). */
export function validatePodStatusUpdate(nextStatus: unknown, prevStatus: unknown, spec: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const next = readRecord(nextStatus, 'status', errs) ?? {};
  const prev = recordOf(prevStatus);
  const phase = readString(next.phase, 'status.phase', errs);
  if (phase && !POD_PHASES.includes(phase)) errs.push(notSupported('status.phase', phase, POD_PHASES));
  errs.push(...validateConditions(next.conditions, 'status.conditions', SYSTEM_POD_CONDITIONS));
  const nominated = readString(next.nominatedNodeName, 'status.nominatedNodeName', errs);
  if (nominated && nominated !== prev.nominatedNodeName) {
    for (const msg of nameIsDnsSubdomain(nominated, false)) errs.push(invalidValue('status.nominatedNodeName', nominated, msg));
  }
  if (prev.qosClass && next.qosClass !== prev.qosClass) errs.push(invalidValue('status.qosClass', next.qosClass ?? '', FIELD_IMMUTABLE));
  validateIps(next, errs);
  validateContainerStatuses(next.containerStatuses, 'status.containerStatuses', errs);
  validateContainerStatuses(next.initContainerStatuses, 'status.initContainerStatuses', errs);
  const restartPolicy = stringOf(recordOf(spec).restartPolicy);
  errs.push(
    ...validateStateTransitions(arrayOf(next.containerStatuses), arrayOf(prev.containerStatuses), 'status.containerStatuses', restartPolicy),
  );
  // Sidecars (init containers with restartPolicy Always) may restart whatever the pod's policy.
  const sidecars = new Set(
    arrayOf(recordOf(spec).initContainers)
      .map(recordOf)
      .filter((c) => c.restartPolicy === 'Always')
      .map((c) => stringOf(c.name)),
  );
  errs.push(
    ...validateStateTransitions(
      arrayOf(next.initContainerStatuses),
      arrayOf(prev.initContainerStatuses),
      'status.initContainerStatuses',
      restartPolicy,
      (name) => sidecars.has(name),
    ),
  );
  return errs;
}
