// v1 Pod: defaults (spec, status phase and QoS), validation of
// the spec, and the narrow set of changes a running pod accepts.
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validatePodSpec } from '../validation/pod-spec.js';
import { validatePodStatusUpdate } from '../validation/pod-status.js';
import { validatePodSpecUpdate } from '../validation/pod-update.js';
import { ensureRecord, setIfEmpty } from './common.js';
import { defaultPodOnly, defaultPodSpec, podQosClass } from './pod-defaults.js';
import type { Pod } from '../types/pod.js';
import { podTable } from '../tables/pod.js';
import { selectableValue } from '../fields/selectable-value.js';
import { arrayOf, recordOf } from '../validation/values.js';
import { CORE } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec) {
    defaultPodSpec(spec);
    defaultPodOnly(spec);
  }
  const status = ensureRecord(obj, 'status');
  if (status) {
    setIfEmpty(status, 'phase', 'Pending');
    if (spec) setIfEmpty(status, 'qosClass', podQosClass(spec));
  }
}

function validate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
    ...validatePodSpec(obj.spec, 'spec', { isPod: true }),
  ];
}

export const podStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: true,
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validate(obj),
      ...validatePodSpecUpdate(obj.spec, old.spec),
    ];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePodStatusUpdate(obj.status, old.status, old.spec)];
  },
};

const specField = (name: string) => (o: KubeObject) => selectableValue(recordOf(o.spec)[name]);
const statusField = (name: string) => (o: KubeObject) => selectableValue(recordOf(o.status)[name]);

/** The first pod IP, as Kubernetes takes it from status.podIPs (falling back to podIP). */
function podIp(o: KubeObject): string {
  const status = recordOf(o.status);
  return selectableValue(recordOf(arrayOf(status.podIPs)[0]).ip ?? status.podIP);
}

const SCHEMA = kindSchema(`${CORE}Pod`);

export const podKind: KindDefinition<Pod> = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  categories: ['all'],
  namespaced: true,
  // Only what is served: kubectl falls back cleanly on what is not listed.
  subresources: {
    status: true,
    handled: [
      { name: 'attach', kind: { group: '', version: 'v1', kind: 'PodAttachOptions' }, verbs: ['create', 'get'] },
      { name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
      { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { name: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] },
      { name: 'log', verbs: ['get'] },
      { name: 'portforward', kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' }, verbs: ['create', 'get'] },
    ],
  },
  strategy: podStrategy,
  table: podTable,
  fieldSelectors: {
    'spec.nodeName': specField('nodeName'),
    'spec.restartPolicy': specField('restartPolicy'),
    'spec.schedulerName': specField('schedulerName'),
    'spec.serviceAccountName': specField('serviceAccountName'),
    'spec.hostNetwork': (o) => String(recordOf(o.spec).hostNetwork === true),
    'status.phase': statusField('phase'),
    'status.podIP': podIp,
    'status.nominatedNodeName': statusField('nominatedNodeName'),
  },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
