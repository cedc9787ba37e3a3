// Ports of Endpoints subsets and EndpointSlices: named as Service ports are,
// unique by name, with a number in range.
import type { FieldError } from '../errors.js';
import { child, duplicate, index, invalidValue, notSupported, tooMany } from '../validation/field-errors.js';
import { dns1123LabelErrors, portNumberErrors } from '../validation/names.js';
import { readArray, readEntry, readInt, readString } from '../validation/values.js';
import { SERVICE_PROTOCOLS } from './service-validation.js';

export function validateEndpointPorts(value: unknown, path: string, max: number, errs: FieldError[]): void {
  const ports = readArray(value, path, errs);
  if (ports.length > max) errs.push(tooMany(path, ports.length, max));
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const field = index(path, i);
    const port = readEntry(raw, field, errs);
    if (!port) return;
    const name = readString(port.name, child(field, 'name'), errs);
    if (name) for (const msg of dns1123LabelErrors(name)) errs.push(invalidValue(child(field, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(field, 'name'), name));
    names.add(name);
    const number = readInt(port.port, child(field, 'port'), errs);
    if (number !== undefined) for (const msg of portNumberErrors(number)) errs.push(invalidValue(child(field, 'port'), number, msg));
    const protocol = readString(port.protocol, child(field, 'protocol'), errs);
    if (protocol && !(SERVICE_PROTOCOLS as readonly string[]).includes(protocol)) {
      errs.push(notSupported(child(field, 'protocol'), protocol, SERVICE_PROTOCOLS));
    }
  });
}
