// What ConfigMaps and Secrets share: config keys, base64 byte values, the
// 1 MiB bound (Kubernetes' MaxSecretSize, which ConfigMaps reuse) and the
// `immutable` flag that freezes their data for good.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { forbidden, invalidValue, key, tooLong } from '../validation/field-errors.js';
import { configMapKeyErrors } from '../validation/names.js';
import { semanticEqual } from '../validation/semantic-equal.js';

export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;
export const IMMUTABLE_MESSAGE = 'field is immutable when `immutable` is set';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go's base64 decoder, which reads Kubernetes' []byte fields, skips line breaks. */
const LINE_BREAKS = /[\r\n]/g;
export const BASE64_MESSAGE = 'must be base64-encoded bytes';

export function isBase64(value: string): boolean {
  return BASE64.test(value.replace(LINE_BREAKS, ''));
}

/** The byte length of a base64 value (0 for one that is not base64: its error is reported apart). */
export function base64Bytes(value: string): number {
  return isBase64(value) ? Buffer.from(value.replace(LINE_BREAKS, ''), 'base64').length : 0;
}

/** Every key must be a config key, reported as `field[key]`. */
export function validateConfigKeys(map: Record<string, string>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const name of Object.keys(map)) {
    for (const message of configMapKeyErrors(name)) errs.push(invalidValue(key(field, name), name, message));
  }
  return errs;
}

/** Values that must be base64, reported as `field[key]` without echoing the value. */
export function validateBase64Values(map: Record<string, string>, field: string): FieldError[] {
  return Object.entries(map)
    .filter(([, value]) => !isBase64(value))
    .map(([name]) => invalidValue(key(field, name), '', BASE64_MESSAGE));
}

/** Too long when the values together pass 1 MiB; `field` is where Kubernetes reports it. */
export function validateTotalSize(bytes: number, field: string): FieldError[] {
  return bytes > MAX_CONFIG_DATA_BYTES ? [tooLong(field, MAX_CONFIG_DATA_BYTES)] : [];
}

/** Once `immutable` is true the flag stays and the named data fields never change. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, fields: readonly string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_MESSAGE));
  for (const name of fields) {
    if (!semanticEqual(obj[name] ?? {}, old[name] ?? {})) errs.push(forbidden(name, IMMUTABLE_MESSAGE));
  }
  return errs;
}
