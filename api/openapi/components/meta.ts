// apimachinery's shared types: object and list metadata, owner references,
// label selectors, times, quantities and int-or-string.
import {
  arrayOf,
  atomicList,
  bool,
  dateTime,
  int64,
  mergedList,
  object,
  preserved,
  ref,
  str,
  stringMap,
  strings,
  time,
} from '../builders.js';
import { INT_OR_STRING, META, QUANTITY, RAW_EXTENSION } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const META_COMPONENTS: ComponentTable = {
  [`${META}ObjectMeta`]: object({
    annotations: stringMap(),
    creationTimestamp: time(),
    deletionGracePeriodSeconds: int64(),
    deletionTimestamp: time(),
    finalizers: arrayOf(str({ default: '' }), { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }),
    generateName: str(),
    generation: int64(),
    labels: stringMap(),
    managedFields: atomicList(`${META}ManagedFieldsEntry`),
    name: str(),
    namespace: str(),
    ownerReferences: mergedList(`${META}OwnerReference`, 'uid'),
    resourceVersion: str(),
    selfLink: str(),
    uid: str(),
  }),
  [`${META}ListMeta`]: object({
    continue: str(),
    remainingItemCount: int64(),
    resourceVersion: str(),
    selfLink: str(),
  }),
  [`${META}OwnerReference`]: object(
    {
      apiVersion: str({ default: '' }),
      blockOwnerDeletion: bool(),
      controller: bool(),
      kind: str({ default: '' }),
      name: str({ default: '' }),
      uid: str({ default: '' }),
    },
    ['apiVersion', 'kind', 'name', 'uid'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}ManagedFieldsEntry`]: object({
    apiVersion: str(),
    fieldsType: str(),
    fieldsV1: ref(`${META}FieldsV1`),
    manager: str(),
    operation: str(),
    subresource: str(),
    time: time(),
  }),
  // The field set of server-side apply, keyed by encoded paths (`f:spec`): no fixed members.
  [`${META}FieldsV1`]: preserved('FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.'),
  [`${META}LabelSelector`]: object(
    {
      matchExpressions: atomicList(`${META}LabelSelectorRequirement`),
      matchLabels: stringMap(),
    },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}LabelSelectorRequirement`]: object(
    { key: str({ default: '' }), operator: str({ default: '' }), values: strings() },
    ['key', 'operator'],
  ),
  [`${META}Condition`]: object(
    {
      lastTransitionTime: time(),
      message: str({ default: '' }),
      observedGeneration: int64(),
      reason: str({ default: '' }),
      status: str({ default: '' }),
      type: str({ default: '' }),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
  [`${META}Time`]: dateTime({ description: 'An RFC 3339 date and time, in seconds.' }),
  [`${META}MicroTime`]: dateTime({ description: 'An RFC 3339 date and time, in microseconds.' }),
  // Accepted as a JSON string ("500m", "1Gi") or a plain number.
  [QUANTITY]: {
    description: 'A fixed-point number with an optional SI or binary suffix: 100m, 1.5, 2Gi.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
    'x-kubernetes-int-or-string': true,
  },
  [INT_OR_STRING]: {
    description: 'An int32 or a string, such as a port number or name, or a percentage.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  },
  // Any embedded object (ControllerRevision.data): its own kind decides its fields.
  [RAW_EXTENSION]: preserved('RawExtension holds an arbitrary embedded object.'),
};
