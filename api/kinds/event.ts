// v1 Event (core events, as kubectl describe shows them): type Normal and
// count 1 by default, an involved object in the event's own namespace.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { invalidValue, notSupported, required } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { isAbsent, readRecord, readString, recordOf, stringOf } from '../validation/values.js';
import { nonnegativeField, setIfAbsent, setIfEmpty, specLessStrategy } from './common.js';
import type { Event } from '../types/node.js';
import { eventTable } from '../tables/event.js';
import { selectableValue } from '../fields/selectable-value.js';
import { CORE } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

export const EVENT_TYPES = ['Normal', 'Warning'];
/** Kubernetes' ReasonLengthLimit. */
const REASON_MAX_LENGTH = 128;
const DEFAULT_NAMESPACE = 'default';

function applyDefaults(obj: KubeObject): void {
  setIfEmpty(obj, 'type', 'Normal');
  setIfAbsent(obj, 'count', 1);
}

/** Kubernetes' legacy rule: the event lives in its object's namespace ("default" for cluster objects). */
function validateNamespaces(obj: KubeObject, involvedNamespace: string, errs: FieldError[]): void {
  const namespace = stringOf(obj.metadata?.namespace);
  const ok = involvedNamespace ? namespace === involvedNamespace : namespace === '' || namespace === DEFAULT_NAMESPACE;
  if (!ok) errs.push(invalidValue('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  if (isAbsent(obj.involvedObject)) {
    errs.push(required('involvedObject'));
  } else {
    const involved = readRecord(obj.involvedObject, 'involvedObject', errs) ?? {};
    for (const f of ['apiVersion', 'kind', 'name', 'uid', 'resourceVersion', 'fieldPath'] as const) {
      readString(involved[f], `involvedObject.${f}`, errs);
    }
    validateNamespaces(obj, readString(involved.namespace, 'involvedObject.namespace', errs), errs);
  }
  const type = readString(obj.type, 'type', errs);
  if (!EVENT_TYPES.includes(type)) errs.push(notSupported('type', type, EVENT_TYPES));
  const reason = readString(obj.reason, 'reason', errs);
  if (reason.length > REASON_MAX_LENGTH) errs.push(invalidValue('reason', '', `can have at most ${REASON_MAX_LENGTH} characters`));
  // New-style events (with eventTime) must say why they happened.
  if (!isAbsent(obj.eventTime) && obj.eventTime !== '' && !reason) errs.push(required('reason'));
  readString(obj.message, 'message', errs);
  readRecord(obj.source, 'source', errs);
  nonnegativeField(recordOf(obj), 'count', '', errs);
  return errs;
}

// Events have no spec, hence no generation.
export const eventStrategy: KindStrategy = specLessStrategy(validate, applyDefaults);

const involvedField = (name: string) => (o: KubeObject) => selectableValue(recordOf(o.involvedObject)[name]);
const topField = (name: string) => (o: KubeObject) => selectableValue(recordOf(o)[name]);

const SCHEMA = kindSchema(`${CORE}Event`);

export const eventKind: KindDefinition<Event> = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: eventStrategy,
  table: eventTable,
  fieldSelectors: {
    'involvedObject.kind': involvedField('kind'),
    'involvedObject.namespace': involvedField('namespace'),
    'involvedObject.name': involvedField('name'),
    'involvedObject.uid': involvedField('uid'),
    'involvedObject.apiVersion': involvedField('apiVersion'),
    'involvedObject.resourceVersion': involvedField('resourceVersion'),
    'involvedObject.fieldPath': involvedField('fieldPath'),
    reason: topField('reason'),
    reportingComponent: topField('reportingComponent'),
    source: (o) => selectableValue(recordOf(o.source).component),
    type: topField('type'),
  },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
  expires: true,
};
