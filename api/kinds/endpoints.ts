// v1 Endpoints: the pre-EndpointSlice list of a Service's addresses, still
// written for older clients (kubectl describe reads it).
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { endpointsTable } from '../tables/endpoints.js';
import type { KubeObject } from '../types/meta.js';
import type { Endpoints } from '../types/service.js';
import { child, index, invalidValue, required } from '../validation/field-errors.js';
import { INVALID_IP_MESSAGE, isValidIp, nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { readArray, readEntry, readString } from '../validation/values.js';
import { validateEndpointPorts } from './endpoint-ports.js';
import { specLessStrategy } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

/** Kubernetes does not bound a subset's ports, but one Service has at most this many. */
const MAX_SUBSET_PORTS = 65_535;

function validateAddresses(value: unknown, path: string, errs: FieldError[]): void {
  readArray(value, path, errs).forEach((raw, i) => {
    const field = index(path, i);
    const address = readEntry(raw, field, errs);
    if (!address) return;
    const ip = readString(address.ip, child(field, 'ip'), errs);
    if (!ip) errs.push(required(child(field, 'ip'), ''));
    else if (!isValidIp(ip)) errs.push(invalidValue(child(field, 'ip'), ip, INVALID_IP_MESSAGE));
  });
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  readArray(obj.subsets, 'subsets', errs).forEach((raw, i) => {
    const path = index('subsets', i);
    const subset = readEntry(raw, path, errs);
    if (!subset) return;
    validateAddresses(subset.addresses, child(path, 'addresses'), errs);
    validateAddresses(subset.notReadyAddresses, child(path, 'notReadyAddresses'), errs);
    validateEndpointPorts(subset.ports, child(path, 'ports'), MAX_SUBSET_PORTS, errs);
  });
  return errs;
}

// Kubernetes defaults only the ports' protocol, which writers set.
export const endpointsStrategy: KindStrategy = specLessStrategy(validate);

const SCHEMA = kindSchema(`${CORE}Endpoints`);

export const endpointsKind: KindDefinition<Endpoints> = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  shortNames: ['ep'],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: endpointsStrategy,
  table: endpointsTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
