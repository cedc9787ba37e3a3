// A Job's spec, defaulted and validated the same way whether it stands alone
// (Job) or waits in a CronJob's jobTemplate: counts, completion mode,
// podFailurePolicy, and a pod template whose pods restart Never or OnFailure.
import type { FieldError } from '../errors.js';
import { child, index, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { isAbsent, readArray, readBool, readRecord, readString, recordOf, type JsonRecord } from '../validation/values.js';
import { nonnegativeField, setIfAbsent } from './common.js';

export const DEFAULT_BACKOFF_LIMIT = 6;
/** An Indexed Job's completions and parallelism may not exceed this (Kubernetes' maxParallelismForIndexedJob). */
export const MAX_INDEXED_COMPLETIONS = 100_000;
const INT32_MAX = 2 ** 31 - 1;
export const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
export const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];
const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];

/** Kubernetes' SetDefaults_Job for the spec: counts, backoff, mode, suspend, replacement policy. */
export function defaultJobSpec(spec: JsonRecord): void {
  if (isAbsent(spec.completions) && isAbsent(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', isAbsent(spec.backoffLimitPerIndex) ? DEFAULT_BACKOFF_LIMIT : INT32_MAX);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'podReplacementPolicy', isAbsent(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed');
  for (const rule of readArray(recordOf(spec.podFailurePolicy).rules, '', [])) {
    for (const pattern of readArray(recordOf(rule).onPodConditions, '', [])) {
      if (pattern && typeof pattern === 'object') setIfAbsent(pattern as JsonRecord, 'status', 'True');
    }
  }
}

function validatePodFailurePolicy(spec: JsonRecord, path: string, errs: FieldError[]): void {
  if (isAbsent(spec.podFailurePolicy)) return;
  const policyPath = child(path, 'podFailurePolicy');
  const policy = readRecord(spec.podFailurePolicy, policyPath, errs) ?? {};
  readArray(policy.rules, child(policyPath, 'rules'), errs).forEach((value, i) => {
    const rulePath = index(child(policyPath, 'rules'), i);
    const rule = readRecord(value, rulePath, errs) ?? {};
    const action = readString(rule.action, child(rulePath, 'action'), errs);
    if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(child(rulePath, 'action'), action, POD_FAILURE_ACTIONS));
    const hasExitCodes = !isAbsent(rule.onExitCodes);
    const hasConditions = !isAbsent(rule.onPodConditions);
    if (hasExitCodes && hasConditions) errs.push(invalidValue(rulePath, value, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!hasExitCodes && !hasConditions) errs.push(invalidValue(rulePath, value, 'specifying one of OnExitCodes and OnPodConditions is required'));
    if (hasExitCodes) {
      const codesPath = child(rulePath, 'onExitCodes');
      const codes = readRecord(rule.onExitCodes, codesPath, errs) ?? {};
      const operator = readString(codes.operator, child(codesPath, 'operator'), errs);
      if (!EXIT_CODE_OPERATORS.includes(operator)) errs.push(notSupported(child(codesPath, 'operator'), operator, EXIT_CODE_OPERATORS));
      const values = readArray(codes.values, child(codesPath, 'values'), errs);
      if (values.length === 0) errs.push(required(child(codesPath, 'values'), 'at least one value is required'));
      if (operator === 'In' && values.includes(0)) errs.push(invalidValue(child(codesPath, 'values'), 0, 'must not be 0 for the In operator'));
    }
  });
  const restartPolicy = recordOf(recordOf(spec.template).spec).restartPolicy;
  if (restartPolicy !== 'Never') {
    errs.push(invalidValue(child(path, 'template.spec.restartPolicy'), restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
}

/** The rules of Kubernetes' validateJobSpec on the counts, mode and policies (the template is the caller's). */
export function validateJobSpecFields(spec: JsonRecord, path: string, errs: FieldError[]): void {
  const parallelism = nonnegativeField(spec, 'parallelism', path, errs);
  const completions = nonnegativeField(spec, 'completions', path, errs);
  nonnegativeField(spec, 'activeDeadlineSeconds', path, errs);
  nonnegativeField(spec, 'backoffLimit', path, errs);
  nonnegativeField(spec, 'ttlSecondsAfterFinished', path, errs);
  readBool(spec.suspend, child(path, 'suspend'), errs);
  readBool(spec.manualSelector, child(path, 'manualSelector'), errs);
  const mode = spec.completionMode;
  if (!isAbsent(mode) && !COMPLETION_MODES.includes(String(mode))) {
    errs.push(notSupported(child(path, 'completionMode'), mode, COMPLETION_MODES));
  }
  if (mode === 'Indexed') {
    if (isAbsent(spec.completions)) errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
    const tooMany = `must be less than or equal to ${MAX_INDEXED_COMPLETIONS} when completion mode is Indexed`;
    if (completions !== undefined && completions > MAX_INDEXED_COMPLETIONS) errs.push(invalidValue(child(path, 'completions'), completions, tooMany));
    if (parallelism !== undefined && parallelism > MAX_INDEXED_COMPLETIONS) errs.push(invalidValue(child(path, 'parallelism'), parallelism, tooMany));
  }
  validatePodFailurePolicy(spec, path, errs);
}
