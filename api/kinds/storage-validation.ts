// Rules the storage kinds share: access modes, the storage size, volume
// modes, class names and mount options, with Kubernetes' messages.
import type { FieldError } from '../errors.js';
import { compareQuantities, isValidQuantity, QUANTITY_FORMAT_MESSAGE } from '../quantity.js';
import { ACCESS_MODES } from '../storage/access-modes.js';
import { forbidden, index, invalidValue, key, notSupported, required } from '../validation/field-errors.js';
import { dns1123SubdomainErrors } from '../validation/names.js';
import { quantityText } from '../validation/resources.js';
import { isAbsent, readArray, readRecord, readString } from '../validation/values.js';

export const STORAGE = 'storage';
export const VOLUME_MODES = ['Block', 'Filesystem'] as const;
export const DEFAULT_VOLUME_MODE = 'Filesystem';
const SORTED_ACCESS_MODES = [...ACCESS_MODES].sort();
const READ_WRITE_ONCE_POD = 'ReadWriteOncePod';

/** At least one known mode, and ReadWriteOncePod alone, as Kubernetes' ValidatePersistentVolume(Claim)Spec. */
export function validateAccessModes(value: unknown, field: string, missingDetail?: string): FieldError[] {
  const errs: FieldError[] = [];
  const modes = readArray(value, field, errs);
  if (errs.length > 0) return errs;
  if (modes.length === 0) return [required(field, missingDetail)];
  modes.forEach((mode, i) => {
    if (typeof mode !== 'string') errs.push(invalidValue(index(field, i), mode, 'must be a string'));
    else if (!(ACCESS_MODES as readonly string[]).includes(mode)) errs.push(notSupported(field, mode, SORTED_ACCESS_MODES));
  });
  if (modes.includes(READ_WRITE_ONCE_POD) && modes.length > 1) {
    errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

/** A storage size: a quantity greater than zero. */
export function validateStorageSize(value: unknown, field: string): FieldError[] {
  const text = quantityText(value);
  if (text === undefined || !isValidQuantity(text)) return [invalidValue(field, value, QUANTITY_FORMAT_MESSAGE)];
  if (compareQuantities(text, 0) <= 0) return [invalidValue(field, text, 'must be greater than zero')];
  return [];
}

/** A resource list that holds `storage` and nothing else (a volume's capacity). */
export function validateStorageOnly(value: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = readRecord(value, field, errs);
  if (!list) return errs.length > 0 ? errs : [required(field)];
  const names = Object.keys(list);
  if (!names.includes(STORAGE) || names.length > 1) errs.push(notSupported(field, names.join(','), [STORAGE]));
  if (names.includes(STORAGE)) errs.push(...validateStorageSize(list[STORAGE], key(field, STORAGE)));
  return errs;
}

export function validateVolumeMode(value: unknown, field: string): FieldError[] {
  if (isAbsent(value)) return [];
  return (VOLUME_MODES as readonly unknown[]).includes(value) ? [] : [notSupported(field, value, VOLUME_MODES)];
}

/** A class name, when one is given ("" means "no class" on claims and volumes). */
export function validateClassName(value: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = readString(value, field, errs);
  if (name) errs.push(...dns1123SubdomainErrors(name).map((msg) => invalidValue(field, name, msg)));
  return errs;
}

/** mountOptions: strings handed to mount as they are. */
export function validateMountOptions(value: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  readArray(value, field, errs).forEach((option, i) => readString(option, index(field, i), errs));
  return errs;
}
