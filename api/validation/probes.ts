// Probes and lifecycle hooks: exactly one handler, valid ports and paths,
// non-negative timings, and the liveness/startup successThreshold rule.
import type { FieldError } from '../errors.js';
import { child, forbidden, invalidValue, notSupported, required, validateNonnegative } from './field-errors.js';
import { httpHeaderNameErrors, portNameErrors, portNumberErrors } from './names.js';
import { readArray, readEntry, readInt, readRecord, readString, type JsonRecord } from './values.js';

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const PROBE_TIMINGS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number') return portNumberErrors(port).map((msg) => invalidValue(field, port, msg));
  if (typeof port === 'string') return portNameErrors(port).map((msg) => invalidValue(field, port, msg));
  if (port === undefined || port === null) return [invalidValue(field, 0, portNumberErrors(0)[0])];
  return [invalidValue(field, port, 'must be a port number or an IANA_SVC_NAME')];
}

function validateExec(action: JsonRecord, field: string, errs: FieldError[]): void {
  if (readArray(action.command, child(field, 'command'), errs).length === 0) errs.push(required(child(field, 'command')));
}

function validateHttpGet(action: JsonRecord, field: string, errs: FieldError[]): void {
  if (!readString(action.path, child(field, 'path'), errs)) errs.push(required(child(field, 'path')));
  errs.push(...validatePortNumOrName(action.port, child(field, 'port')));
  const scheme = readString(action.scheme, child(field, 'scheme'), errs);
  if (!HTTP_SCHEMES.includes(scheme)) errs.push(notSupported(child(field, 'scheme'), scheme, HTTP_SCHEMES));
  for (const header of readArray(action.httpHeaders, child(field, 'httpHeaders'), errs)) {
    const name = readString(readEntry(header, child(field, 'httpHeaders'), errs)?.name, child(field, 'httpHeaders'), errs);
    for (const msg of httpHeaderNameErrors(name)) errs.push(invalidValue(child(field, 'httpHeaders'), name, msg));
  }
}

function validateSleep(action: JsonRecord, field: string, gracePeriod: number | undefined, errs: FieldError[]): void {
  const seconds = readInt(action.seconds, child(field, 'seconds'), errs) ?? 0;
  if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
    errs.push(
      invalidValue(field, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`),
    );
  }
}

function validateHandler(
  handler: JsonRecord,
  field: string,
  allowed: readonly string[],
  gracePeriod: number | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const type of allowed) {
    if (handler[type] === undefined || handler[type] === null) continue;
    const handlerPath = child(field, type);
    if (count > 0) {
      errs.push(forbidden(handlerPath, 'may not specify more than 1 handler type'));
      continue;
    }
    count += 1;
    const action = readRecord(handler[type], handlerPath, errs) ?? {};
    if (type === 'exec') validateExec(action, handlerPath, errs);
    else if (type === 'httpGet') validateHttpGet(action, handlerPath, errs);
    else if (type === 'tcpSocket') errs.push(...validatePortNumOrName(action.port, child(handlerPath, 'port')));
    else if (type === 'grpc') errs.push(...validatePortNumOrName(action.port, child(handlerPath, 'port')));
    else if (type === 'sleep') validateSleep(action, handlerPath, gracePeriod, errs);
  }
  if (count === 0) errs.push(required(field, 'must specify a handler type'));
  return errs;
}

export function validateProbe(probe: unknown, field: string, kind: ProbeKind, gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const p = readRecord(probe, field, errs);
  if (!p) return errs;
  errs.push(...validateHandler(p, field, PROBE_HANDLERS, gracePeriod));
  for (const timing of PROBE_TIMINGS) {
    errs.push(...validateNonnegative(readInt(p[timing], child(field, timing), errs), child(field, timing)));
  }
  const probeGrace = readInt(p.terminationGracePeriodSeconds, child(field, 'terminationGracePeriodSeconds'), errs);
  if (probeGrace !== undefined && probeGrace <= 0) {
    errs.push(invalidValue(child(field, 'terminationGracePeriodSeconds'), probeGrace, 'must be greater than 0'));
  }
  if (kind === 'readinessProbe' && probeGrace !== undefined) {
    errs.push(invalidValue(child(field, 'terminationGracePeriodSeconds'), probeGrace, 'must not be set for readinessProbes'));
  }
  const success = readInt(p.successThreshold, child(field, 'successThreshold'), errs);
  if (kind !== 'readinessProbe' && success !== undefined && success !== 1) {
    errs.push(invalidValue(child(field, 'successThreshold'), success, 'must be 1'));
  }
  return errs;
}

export function validateLifecycle(lifecycle: unknown, field: string, gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const l = readRecord(lifecycle, field, errs);
  if (!l) return errs;
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler = readRecord(l[hook], child(field, hook), errs);
    if (handler) errs.push(...validateHandler(handler, child(field, hook), LIFECYCLE_HANDLERS, gracePeriod));
  }
  return errs;
}
