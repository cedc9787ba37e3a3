// Our declarations of the Kubernetes protobuf messages that kubectl sends as
// request bodies for the kinds Flotilla serves. The field numbers and names are
// the wire contract published in k8s.io/api and k8s.io/apimachinery; only the
// fields Flotilla's objects carry (and those kubectl create sets) are declared,
// and protobufjs skips any other field on the wire.
//
// Two options carry what the wire cannot say about the JSON shape:
//  - `inline`: a Go embedded struct, whose fields JSON lifts into the parent
//    (Probe.handler, Volume.volumeSource, the selectors' localObjectReference);
//  - `keepZero`: a Go pointer (or a field without omitempty), so a zero on the
//    wire is a value (replicas: 0, immutable: false) rather than "unset".
import protobuf from 'protobufjs';

export const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';
export const RUNTIME_PACKAGE = 'k8s.io.apimachinery.pkg.runtime';
export const INTSTR_PACKAGE = 'k8s.io.apimachinery.pkg.util.intstr';
export const RESOURCE_PACKAGE = 'k8s.io.apimachinery.pkg.api.resource';
export const CORE_V1_PACKAGE = 'k8s.io.api.core.v1';
export const APPS_V1_PACKAGE = 'k8s.io.api.apps.v1';

/** The full names of the messages whose JSON form is not an object of their fields. */
export const TIME_TYPE = `${META_PACKAGE}.Time`;
export const FIELDS_V1_TYPE = `${META_PACKAGE}.FieldsV1`;
export const INT_OR_STRING_TYPE = `${INTSTR_PACKAGE}.IntOrString`;
export const QUANTITY_TYPE = `${RESOURCE_PACKAGE}.Quantity`;
export const UNKNOWN_TYPE = `${RUNTIME_PACKAGE}.Unknown`;

export const INLINE_OPTION = 'inline';
export const KEEP_ZERO_OPTION = 'keepZero';

interface FieldDescriptor {
  id: number;
  type: string;
  rule?: 'repeated';
  keyType?: string;
  options?: Record<string, boolean>;
}

type Fields = Record<string, FieldDescriptor>;
type FieldFlag = 'repeated' | 'inline' | 'keepZero';

const META = `.${META_PACKAGE}`;
const CORE = `.${CORE_V1_PACKAGE}`;
const QUANTITY = `.${QUANTITY_TYPE}`;
const INT_OR_STRING = `.${INT_OR_STRING_TYPE}`;

/** One field: its number, its type and what it is beyond the wire (repeated, inline, keepZero). */
function field(id: number, type: string, ...flags: FieldFlag[]): FieldDescriptor {
  const descriptor: FieldDescriptor = { id, type };
  if (flags.includes('repeated')) descriptor.rule = 'repeated';
  const options: Record<string, boolean> = {};
  if (flags.includes('inline')) options[INLINE_OPTION] = true;
  if (flags.includes('keepZero')) options[KEEP_ZERO_OPTION] = true;
  if (Object.keys(options).length > 0) descriptor.options = options;
  return descriptor;
}

/** A `map<string, valueType>` field. */
function mapField(id: number, valueType: string): FieldDescriptor {
  return { id, type: valueType, keyType: 'string' };
}

/** Kubernetes' messages are proto2: a field set to its zero value is still present on the wire. */
const PROTO_EDITION = 'proto2';

const message = (fields: Fields): { edition: string; fields: Fields } => ({ edition: PROTO_EDITION, fields });

const metaMessages = {
  Time: message({ seconds: field(1, 'int64'), nanos: field(2, 'int32') }),
  FieldsV1: message({ Raw: field(1, 'bytes') }),
  OwnerReference: message({
    apiVersion: field(5, 'string'),
    kind: field(1, 'string'),
    name: field(3, 'string'),
    uid: field(4, 'string'),
    controller: field(6, 'bool', 'keepZero'),
    blockOwnerDeletion: field(7, 'bool', 'keepZero'),
  }),
  ManagedFieldsEntry: message({
    manager: field(1, 'string'),
    operation: field(2, 'string'),
    apiVersion: field(3, 'string'),
    time: field(4, 'Time'),
    fieldsType: field(6, 'string'),
    fieldsV1: field(7, 'FieldsV1'),
    subresource: field(8, 'string'),
  }),
  ObjectMeta: message({
    name: field(1, 'string'),
    generateName: field(2, 'string'),
    namespace: field(3, 'string'),
    selfLink: field(4, 'string'),
    uid: field(5, 'string'),
    resourceVersion: field(6, 'string'),
    generation: field(7, 'int64'),
    creationTimestamp: field(8, 'Time'),
    deletionTimestamp: field(9, 'Time'),
    deletionGracePeriodSeconds: field(10, 'int64', 'keepZero'),
    labels: mapField(11, 'string'),
    annotations: mapField(12, 'string'),
    ownerReferences: field(13, 'OwnerReference', 'repeated'),
    finalizers: field(14, 'string', 'repeated'),
    managedFields: field(17, 'ManagedFieldsEntry', 'repeated'),
  }),
  LabelSelectorRequirement: message({
    key: field(1, 'string'),
    operator: field(2, 'string'),
    values: field(3, 'string', 'repeated'),
  }),
  LabelSelector: message({
    matchLabels: mapField(1, 'string'),
    matchExpressions: field(2, 'LabelSelectorRequirement', 'repeated'),
  }),
};

const runtimeMessages = {
  TypeMeta: message({ apiVersion: field(1, 'string'), kind: field(2, 'string') }),
  Unknown: message({
    typeMeta: field(1, 'TypeMeta'),
    raw: field(2, 'bytes'),
    contentEncoding: field(3, 'string'),
    contentType: field(4, 'string'),
  }),
};

const intstrMessages = {
  // type 0 is an int (intVal), 1 a string (strVal).
  IntOrString: message({ type: field(1, 'int64'), intVal: field(2, 'int32'), strVal: field(3, 'string') }),
};

const resourceMessages = {
  // A Quantity travels as its canonical string, as in JSON.
  Quantity: message({ string: field(1, 'string') }),
};

const coreV1Messages = {
  NamespaceSpec: message({ finalizers: field(1, 'string', 'repeated') }),
  NamespaceStatus: message({ phase: field(1, 'string') }),
  Namespace: message({ metadata: field(1, `${META}.ObjectMeta`), spec: field(2, 'NamespaceSpec'), status: field(3, 'NamespaceStatus') }),
  ConfigMap: message({
    metadata: field(1, `${META}.ObjectMeta`),
    immutable: field(4, 'bool', 'keepZero'),
    data: mapField(2, 'string'),
    binaryData: mapField(3, 'bytes'),
  }),
  LocalObjectReference: message({ name: field(1, 'string') }),
  ObjectFieldSelector: message({ apiVersion: field(1, 'string'), fieldPath: field(2, 'string') }),
  ResourceFieldSelector: message({ containerName: field(1, 'string'), resource: field(2, 'string'), divisor: field(3, QUANTITY) }),
  ConfigMapKeySelector: message({
    localObjectReference: field(1, 'LocalObjectReference', 'inline'),
    key: field(2, 'string'),
    optional: field(3, 'bool', 'keepZero'),
  }),
  SecretKeySelector: message({
    localObjectReference: field(1, 'LocalObjectReference', 'inline'),
    key: field(2, 'string'),
    optional: field(3, 'bool', 'keepZero'),
  }),
  EnvVarSource: message({
    fieldRef: field(1, 'ObjectFieldSelector'),
    resourceFieldRef: field(2, 'ResourceFieldSelector'),
    configMapKeyRef: field(3, 'ConfigMapKeySelector'),
    secretKeyRef: field(4, 'SecretKeySelector'),
  }),
  EnvVar: message({ name: field(1, 'string'), value: field(2, 'string'), valueFrom: field(3, 'EnvVarSource') }),
  ContainerPort: message({
    name: field(1, 'string'),
    hostPort: field(2, 'int32'),
    containerPort: field(3, 'int32', 'keepZero'),
    protocol: field(4, 'string'),
    hostIP: field(5, 'string'),
  }),
  ResourceRequirements: message({ limits: mapField(1, QUANTITY), requests: mapField(2, QUANTITY) }),
  VolumeMount: message({
    name: field(1, 'string'),
    readOnly: field(2, 'bool'),
    mountPath: field(3, 'string'),
    subPath: field(4, 'string'),
    mountPropagation: field(5, 'string'),
    subPathExpr: field(6, 'string'),
  }),
  ExecAction: message({ command: field(1, 'string', 'repeated') }),
  HTTPHeader: message({ name: field(1, 'string'), value: field(2, 'string') }),
  HTTPGetAction: message({
    path: field(1, 'string'),
    port: field(2, INT_OR_STRING),
    host: field(3, 'string'),
    scheme: field(4, 'string'),
    httpHeaders: field(5, 'HTTPHeader', 'repeated'),
  }),
  TCPSocketAction: message({ port: field(1, INT_OR_STRING), host: field(2, 'string') }),
  ProbeHandler: message({ exec: field(1, 'ExecAction'), httpGet: field(2, 'HTTPGetAction'), tcpSocket: field(3, 'TCPSocketAction') }),
  Probe: message({
    handler: field(1, 'ProbeHandler', 'inline'),
    initialDelaySeconds: field(2, 'int32'),
    timeoutSeconds: field(3, 'int32'),
    periodSeconds: field(4, 'int32'),
    successThreshold: field(5, 'int32'),
    failureThreshold: field(6, 'int32'),
    terminationGracePeriodSeconds: field(7, 'int64', 'keepZero'),
  }),
  LifecycleHandler: message({ exec: field(1, 'ExecAction'), httpGet: field(2, 'HTTPGetAction'), tcpSocket: field(3, 'TCPSocketAction') }),
  Lifecycle: message({ postStart: field(1, 'LifecycleHandler'), preStop: field(2, 'LifecycleHandler') }),
  Container: message({
    name: field(1, 'string'),
    image: field(2, 'string'),
    command: field(3, 'string', 'repeated'),
    args: field(4, 'string', 'repeated'),
    workingDir: field(5, 'string'),
    ports: field(6, 'ContainerPort', 'repeated'),
    env: field(7, 'EnvVar', 'repeated'),
    resources: field(8, 'ResourceRequirements'),
    volumeMounts: field(9, 'VolumeMount', 'repeated'),
    livenessProbe: field(10, 'Probe'),
    readinessProbe: field(11, 'Probe'),
    startupProbe: field(22, 'Probe'),
    lifecycle: field(12, 'Lifecycle'),
    terminationMessagePath: field(13, 'string'),
    terminationMessagePolicy: field(20, 'string'),
    imagePullPolicy: field(14, 'string'),
    stdin: field(16, 'bool'),
    stdinOnce: field(17, 'bool'),
    tty: field(18, 'bool'),
  }),
  HostPathVolumeSource: message({ path: field(1, 'string'), type: field(2, 'string', 'keepZero') }),
  EmptyDirVolumeSource: message({ medium: field(1, 'string'), sizeLimit: field(2, QUANTITY) }),
  KeyToPath: message({ key: field(1, 'string'), path: field(2, 'string'), mode: field(3, 'int32', 'keepZero') }),
  ConfigMapVolumeSource: message({
    localObjectReference: field(1, 'LocalObjectReference', 'inline'),
    items: field(2, 'KeyToPath', 'repeated'),
    defaultMode: field(3, 'int32', 'keepZero'),
    optional: field(4, 'bool', 'keepZero'),
  }),
  VolumeSource: message({ hostPath: field(1, 'HostPathVolumeSource'), emptyDir: field(2, 'EmptyDirVolumeSource'), configMap: field(19, 'ConfigMapVolumeSource') }),
  Volume: message({ name: field(1, 'string'), volumeSource: field(2, 'VolumeSource', 'inline') }),
  Toleration: message({
    key: field(1, 'string'),
    operator: field(2, 'string'),
    value: field(3, 'string'),
    effect: field(4, 'string'),
    tolerationSeconds: field(5, 'int64', 'keepZero'),
  }),
  HostAlias: message({ ip: field(1, 'string'), hostnames: field(2, 'string', 'repeated') }),
  NodeSelectorRequirement: message({ key: field(1, 'string'), operator: field(2, 'string'), values: field(3, 'string', 'repeated') }),
  NodeSelectorTerm: message({
    matchExpressions: field(1, 'NodeSelectorRequirement', 'repeated'),
    matchFields: field(2, 'NodeSelectorRequirement', 'repeated'),
  }),
  NodeSelector: message({ nodeSelectorTerms: field(1, 'NodeSelectorTerm', 'repeated') }),
  PreferredSchedulingTerm: message({ weight: field(1, 'int32', 'keepZero'), preference: field(2, 'NodeSelectorTerm') }),
  NodeAffinity: message({
    requiredDuringSchedulingIgnoredDuringExecution: field(1, 'NodeSelector'),
    preferredDuringSchedulingIgnoredDuringExecution: field(2, 'PreferredSchedulingTerm', 'repeated'),
  }),
  Affinity: message({ nodeAffinity: field(1, 'NodeAffinity') }),
  PodSpec: message({
    volumes: field(1, 'Volume', 'repeated'),
    initContainers: field(20, 'Container', 'repeated'),
    containers: field(2, 'Container', 'repeated'),
    restartPolicy: field(3, 'string'),
    terminationGracePeriodSeconds: field(4, 'int64', 'keepZero'),
    activeDeadlineSeconds: field(5, 'int64', 'keepZero'),
    dnsPolicy: field(6, 'string'),
    nodeSelector: mapField(7, 'string'),
    serviceAccountName: field(8, 'string'),
    serviceAccount: field(9, 'string'),
    automountServiceAccountToken: field(21, 'bool', 'keepZero'),
    nodeName: field(10, 'string'),
    hostNetwork: field(11, 'bool'),
    hostPID: field(12, 'bool'),
    hostIPC: field(13, 'bool'),
    shareProcessNamespace: field(27, 'bool', 'keepZero'),
    hostname: field(16, 'string'),
    subdomain: field(17, 'string'),
    affinity: field(18, 'Affinity'),
    schedulerName: field(19, 'string'),
    tolerations: field(22, 'Toleration', 'repeated'),
    hostAliases: field(23, 'HostAlias', 'repeated'),
    priorityClassName: field(24, 'string'),
    priority: field(25, 'int32', 'keepZero'),
    enableServiceLinks: field(30, 'bool', 'keepZero'),
  }),
  PodTemplateSpec: message({ metadata: field(1, `${META}.ObjectMeta`), spec: field(2, 'PodSpec') }),
};

/** v1 Service, which `kubectl create service` and `kubectl expose` send (field numbers of k8s.io/api core/v1). */
const serviceMessages = {
  ServicePort: message({
    name: field(1, 'string'),
    protocol: field(2, 'string'),
    appProtocol: field(6, 'string'),
    port: field(3, 'int32'),
    targetPort: field(4, INT_OR_STRING),
    nodePort: field(5, 'int32'),
  }),
  ClientIPConfig: message({ timeoutSeconds: field(1, 'int32', 'keepZero') }),
  SessionAffinityConfig: message({ clientIP: field(1, 'ClientIPConfig') }),
  ServiceSpec: message({
    ports: field(1, 'ServicePort', 'repeated'),
    selector: mapField(2, 'string'),
    clusterIP: field(3, 'string'),
    clusterIPs: field(18, 'string', 'repeated'),
    type: field(4, 'string'),
    externalIPs: field(5, 'string', 'repeated'),
    sessionAffinity: field(7, 'string'),
    loadBalancerIP: field(8, 'string'),
    loadBalancerSourceRanges: field(9, 'string', 'repeated'),
    externalName: field(10, 'string'),
    externalTrafficPolicy: field(11, 'string'),
    healthCheckNodePort: field(12, 'int32'),
    publishNotReadyAddresses: field(13, 'bool'),
    sessionAffinityConfig: field(14, 'SessionAffinityConfig'),
    ipFamilies: field(19, 'string', 'repeated'),
    ipFamilyPolicy: field(17, 'string'),
    allocateLoadBalancerNodePorts: field(20, 'bool', 'keepZero'),
    loadBalancerClass: field(21, 'string'),
    internalTrafficPolicy: field(22, 'string'),
  }),
  Service: message({ metadata: field(1, `${META}.ObjectMeta`), spec: field(2, 'ServiceSpec') }),
};

const appsV1Messages = {
  RollingUpdateDeployment: message({ maxUnavailable: field(1, INT_OR_STRING), maxSurge: field(2, INT_OR_STRING) }),
  DeploymentStrategy: message({ type: field(1, 'string'), rollingUpdate: field(2, 'RollingUpdateDeployment') }),
  DeploymentSpec: message({
    replicas: field(1, 'int32', 'keepZero'),
    selector: field(2, `${META}.LabelSelector`),
    template: field(3, `${CORE}.PodTemplateSpec`),
    strategy: field(4, 'DeploymentStrategy'),
    minReadySeconds: field(5, 'int32'),
    revisionHistoryLimit: field(6, 'int32', 'keepZero'),
    paused: field(7, 'bool'),
    progressDeadlineSeconds: field(9, 'int32', 'keepZero'),
  }),
  DeploymentCondition: message({
    type: field(1, 'string'),
    status: field(2, 'string'),
    lastUpdateTime: field(6, `${META}.Time`),
    lastTransitionTime: field(7, `${META}.Time`),
    reason: field(4, 'string'),
    message: field(5, 'string'),
  }),
  DeploymentStatus: message({
    observedGeneration: field(1, 'int64'),
    replicas: field(2, 'int32'),
    updatedReplicas: field(3, 'int32'),
    readyReplicas: field(7, 'int32'),
    availableReplicas: field(4, 'int32'),
    unavailableReplicas: field(5, 'int32'),
    conditions: field(6, 'DeploymentCondition', 'repeated'),
    collisionCount: field(8, 'int32', 'keepZero'),
  }),
  Deployment: message({
    metadata: field(1, `${META}.ObjectMeta`),
    spec: field(2, 'DeploymentSpec'),
    status: field(3, 'DeploymentStatus'),
  }),
};

/** Every declared message, resolved once: the apiserver decodes with it, the tests encode with it. */
export const k8sMessages: protobuf.Root = (() => {
  const root = new protobuf.Root();
  root.define(META_PACKAGE, metaMessages);
  root.define(RUNTIME_PACKAGE, runtimeMessages);
  root.define(INTSTR_PACKAGE, intstrMessages);
  root.define(RESOURCE_PACKAGE, resourceMessages);
  root.define(CORE_V1_PACKAGE, coreV1Messages);
  root.define(CORE_V1_PACKAGE, serviceMessages);
  root.define(APPS_V1_PACKAGE, appsV1Messages);
  root.resolveAll();
  return root;
})();

/** The message type of a declared full name (`k8s.io.api.core.v1.ConfigMap`). */
export function messageType(fullName: string): protobuf.Type {
  return k8sMessages.lookupType(fullName);
}
