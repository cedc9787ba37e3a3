// discovery.k8s.io/v1 EndpointSlice: up to 1000 endpoints of one address type,
// which is fixed at creation (Kubernetes' ValidateEndpointSlice).
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { DISCOVERY } from '../openapi/names.js';
import { endpointSliceTable } from '../tables/endpoints.js';
import type { KubeObject } from '../types/meta.js';
import type { EndpointSlice } from '../types/service.js';
import { child, FIELD_IMMUTABLE, index, invalidValue, notSupported, required, tooMany } from '../validation/field-errors.js';
import { INVALID_IP_MESSAGE, isValidIp, nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { readArray, readEntry, readString } from '../validation/values.js';
import { metadataOnlyStatusUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import { validateEndpointPorts } from './endpoint-ports.js';

/** Kubernetes' maxEndpoints, maxAddresses and maxPorts of a slice. */
export const MAX_SLICE_ENDPOINTS = 1000;
export const MAX_ENDPOINT_ADDRESSES = 100;
export const MAX_SLICE_PORTS = 20_000;
const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'] as const;

function validateEndpoint(raw: unknown, path: string, addressType: string, errs: FieldError[]): void {
  const endpoint = readEntry(raw, path, errs);
  if (!endpoint) return;
  const addresses = readArray(endpoint.addresses, child(path, 'addresses'), errs);
  if (addresses.length === 0) errs.push(required(child(path, 'addresses'), 'must contain at least 1 address'));
  if (addresses.length > MAX_ENDPOINT_ADDRESSES) errs.push(tooMany(child(path, 'addresses'), addresses.length, MAX_ENDPOINT_ADDRESSES));
  addresses.forEach((address, i) => {
    const field = index(child(path, 'addresses'), i);
    if (typeof address !== 'string') errs.push(invalidValue(field, address, 'must be a string'));
    else if (addressType !== 'FQDN' && !isValidIp(address)) errs.push(invalidValue(field, address, INVALID_IP_MESSAGE));
  });
  readString(endpoint.hostname, child(path, 'hostname'), errs);
  readString(endpoint.nodeName, child(path, 'nodeName'), errs);
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const addressType = readString(obj.addressType, 'addressType', errs);
  if (!addressType) errs.push(required('addressType', ''));
  else if (!(ADDRESS_TYPES as readonly string[]).includes(addressType)) errs.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints = readArray(obj.endpoints, 'endpoints', errs);
  if (endpoints.length > MAX_SLICE_ENDPOINTS) errs.push(tooMany('endpoints', endpoints.length, MAX_SLICE_ENDPOINTS));
  endpoints.forEach((e, i) => validateEndpoint(e, index('endpoints', i), addressType, errs));
  validateEndpointPorts(obj.ports, 'ports', MAX_SLICE_PORTS, errs);
  return errs;
}

export const endpointSliceStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  tracksGeneration: true,
  applyDefaults() {
    // Kubernetes defaults only the ports' protocol, which the controller always sets.
  },
  validate,
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)];
    if (obj.addressType !== old.addressType) errs.push(invalidValue('addressType', obj.addressType, FIELD_IMMUTABLE));
    return errs;
  },
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${DISCOVERY}EndpointSlice`);

export const endpointSliceKind: KindDefinition<EndpointSlice> = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: endpointSliceStrategy,
  table: endpointSliceTable,
  fieldSelectors: { addressType: (obj) => String(obj.addressType ?? '') },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
