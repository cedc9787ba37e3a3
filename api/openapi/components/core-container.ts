// v1 Container and EphemeralContainer with every member Kubernetes declares,
// and the structures they hold: ports, environment, mounts, resources, probes,
// lifecycle hooks and the container security context.
import {
  arrayOf,
  atomicList,
  bool,
  int32,
  int64,
  intOrString,
  keyedList,
  mergedList,
  object,
  quantity,
  quantityMap,
  ref,
  str,
  strings,
  type Properties,
} from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

const CONTAINER_PROPERTIES: Properties = {
  args: strings(),
  command: strings(),
  env: mergedList(`${CORE}EnvVar`, 'name'),
  envFrom: atomicList(`${CORE}EnvFromSource`),
  image: str(),
  imagePullPolicy: str(),
  lifecycle: ref(`${CORE}Lifecycle`),
  livenessProbe: ref(`${CORE}Probe`),
  name: str({ default: '' }),
  ports: mergedList(`${CORE}ContainerPort`, 'containerPort', { 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] }),
  readinessProbe: ref(`${CORE}Probe`),
  resizePolicy: atomicList(`${CORE}ContainerResizePolicy`),
  resources: ref(`${CORE}ResourceRequirements`, { default: {} }),
  restartPolicy: str(),
  restartPolicyRules: atomicList(`${CORE}ContainerRestartRule`),
  securityContext: ref(`${CORE}SecurityContext`),
  startupProbe: ref(`${CORE}Probe`),
  stdin: bool(),
  stdinOnce: bool(),
  terminationMessagePath: str(),
  terminationMessagePolicy: str(),
  tty: bool(),
  volumeDevices: mergedList(`${CORE}VolumeDevice`, 'devicePath'),
  volumeMounts: mergedList(`${CORE}VolumeMount`, 'mountPath'),
  workingDir: str(),
};

const keySelector = (): ReturnType<typeof object> =>
  object({ key: str({ default: '' }), name: str({ default: '' }), optional: bool() }, ['key'], { 'x-kubernetes-map-type': 'atomic' });

const envSource = (): ReturnType<typeof object> => object({ name: str({ default: '' }), optional: bool() });

const handlerProperties: Properties = {
  exec: ref(`${CORE}ExecAction`),
  httpGet: ref(`${CORE}HTTPGetAction`),
  tcpSocket: ref(`${CORE}TCPSocketAction`),
};

export const CONTAINER_COMPONENTS: ComponentTable = {
  [`${CORE}Container`]: object(CONTAINER_PROPERTIES, ['name']),
  [`${CORE}EphemeralContainer`]: object({ ...CONTAINER_PROPERTIES, targetContainerName: str() }, ['name']),
  [`${CORE}ContainerPort`]: object(
    { containerPort: int32({ default: 0 }), hostIP: str(), hostPort: int32(), name: str(), protocol: str({ default: 'TCP' }) },
    ['containerPort'],
  ),
  [`${CORE}EnvVar`]: object({ name: str({ default: '' }), value: str(), valueFrom: ref(`${CORE}EnvVarSource`) }, ['name']),
  [`${CORE}EnvVarSource`]: object({
    configMapKeyRef: ref(`${CORE}ConfigMapKeySelector`),
    fieldRef: ref(`${CORE}ObjectFieldSelector`),
    fileKeyRef: ref(`${CORE}FileKeySelector`),
    resourceFieldRef: ref(`${CORE}ResourceFieldSelector`),
    secretKeyRef: ref(`${CORE}SecretKeySelector`),
  }),
  [`${CORE}ConfigMapKeySelector`]: keySelector(),
  [`${CORE}SecretKeySelector`]: keySelector(),
  [`${CORE}FileKeySelector`]: object(
    { key: str({ default: '' }), optional: bool(), path: str({ default: '' }), volumeName: str({ default: '' }) },
    ['volumeName', 'path', 'key'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}ObjectFieldSelector`]: object({ apiVersion: str(), fieldPath: str({ default: '' }) }, ['fieldPath'], {
    'x-kubernetes-map-type': 'atomic',
  }),
  [`${CORE}ResourceFieldSelector`]: object(
    { containerName: str(), divisor: quantity(), resource: str({ default: '' }) },
    ['resource'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}EnvFromSource`]: object({
    configMapRef: ref(`${CORE}ConfigMapEnvSource`),
    prefix: str(),
    secretRef: ref(`${CORE}SecretEnvSource`),
  }),
  [`${CORE}ConfigMapEnvSource`]: envSource(),
  [`${CORE}SecretEnvSource`]: envSource(),
  [`${CORE}VolumeMount`]: object(
    {
      mountPath: str({ default: '' }),
      mountPropagation: str(),
      name: str({ default: '' }),
      readOnly: bool(),
      recursiveReadOnly: str(),
      subPath: str(),
      subPathExpr: str(),
    },
    ['name', 'mountPath'],
  ),
  [`${CORE}VolumeDevice`]: object({ devicePath: str({ default: '' }), name: str({ default: '' }) }, ['name', 'devicePath']),
  [`${CORE}ResourceRequirements`]: object({
    claims: keyedList(`${CORE}ResourceClaim`, ['name']),
    limits: quantityMap(),
    requests: quantityMap(),
  }),
  [`${CORE}ResourceClaim`]: object({ name: str({ default: '' }), request: str() }, ['name']),
  [`${CORE}ContainerResizePolicy`]: object(
    { resourceName: str({ default: '' }), restartPolicy: str({ default: '' }) },
    ['resourceName', 'restartPolicy'],
  ),
  [`${CORE}ContainerRestartRule`]: object({
    action: str(),
    exitCodes: ref(`${CORE}ContainerRestartRuleOnExitCodes`),
  }, ['action']),
  [`${CORE}ContainerRestartRuleOnExitCodes`]: object(
    { operator: str(), values: arrayOf(int32({ default: 0 }), { 'x-kubernetes-list-type': 'set' }) },
    ['operator'],
  ),
  [`${CORE}Probe`]: object({
    ...handlerProperties,
    failureThreshold: int32(),
    grpc: ref(`${CORE}GRPCAction`),
    initialDelaySeconds: int32(),
    periodSeconds: int32(),
    successThreshold: int32(),
    terminationGracePeriodSeconds: int64(),
    timeoutSeconds: int32(),
  }),
  [`${CORE}ExecAction`]: object({ command: strings() }),
  [`${CORE}GRPCAction`]: object({ port: int32({ default: 0 }), service: str({ default: '' }) }, ['port']),
  [`${CORE}HTTPGetAction`]: object(
    {
      host: str(),
      httpHeaders: atomicList(`${CORE}HTTPHeader`),
      path: str(),
      port: intOrString(),
      scheme: str(),
    },
    ['port'],
  ),
  [`${CORE}HTTPHeader`]: object({ name: str({ default: '' }), value: str({ default: '' }) }, ['name', 'value']),
  [`${CORE}TCPSocketAction`]: object({ host: str(), port: intOrString() }, ['port']),
  [`${CORE}SleepAction`]: object({ seconds: int64({ default: 0 }) }, ['seconds']),
  [`${CORE}Lifecycle`]: object({
    postStart: ref(`${CORE}LifecycleHandler`),
    preStop: ref(`${CORE}LifecycleHandler`),
    stopSignal: str(),
  }),
  [`${CORE}LifecycleHandler`]: object({ ...handlerProperties, sleep: ref(`${CORE}SleepAction`) }),
  [`${CORE}SecurityContext`]: object({
    allowPrivilegeEscalation: bool(),
    appArmorProfile: ref(`${CORE}AppArmorProfile`),
    capabilities: ref(`${CORE}Capabilities`),
    privileged: bool(),
    procMount: str(),
    readOnlyRootFilesystem: bool(),
    runAsGroup: int64(),
    runAsNonRoot: bool(),
    runAsUser: int64(),
    seLinuxOptions: ref(`${CORE}SELinuxOptions`),
    seccompProfile: ref(`${CORE}SeccompProfile`),
    windowsOptions: ref(`${CORE}WindowsSecurityContextOptions`),
  }),
  [`${CORE}Capabilities`]: object({ add: strings(), drop: strings() }),
  [`${CORE}AppArmorProfile`]: object({ localhostProfile: str(), type: str({ default: '' }) }, ['type']),
  [`${CORE}SeccompProfile`]: object({ localhostProfile: str(), type: str({ default: '' }) }, ['type']),
  [`${CORE}SELinuxOptions`]: object({ level: str(), role: str(), type: str(), user: str() }),
  [`${CORE}WindowsSecurityContextOptions`]: object({
    gmsaCredentialSpec: str(),
    gmsaCredentialSpecName: str(),
    hostProcess: bool(),
    runAsUserName: str(),
  }),
};
