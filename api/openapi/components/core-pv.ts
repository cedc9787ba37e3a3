// v1 PersistentVolume. The sources Flotilla mounts (hostPath, local) are
// declared member by member; the other PersistentVolumeSource members keep
// their upstream component names so clients and `explain` see them, opaque
// (the kind's validation refuses them with its own message).
import { atomicList, kindObject, object, preserved, quantityMap, ref, str, strings, time } from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

/** Sources shared with pod volumes, whose components core-volume.ts declares. */
const SHARED_SOURCES: Readonly<Record<string, string>> = {
  awsElasticBlockStore: 'AWSElasticBlockStoreVolumeSource',
  azureDisk: 'AzureDiskVolumeSource',
  fc: 'FCVolumeSource',
  flocker: 'FlockerVolumeSource',
  gcePersistentDisk: 'GCEPersistentDiskVolumeSource',
  hostPath: 'HostPathVolumeSource',
  nfs: 'NFSVolumeSource',
  photonPersistentDisk: 'PhotonPersistentDiskVolumeSource',
  portworxVolume: 'PortworxVolumeSource',
  quobyte: 'QuobyteVolumeSource',
  vsphereVolume: 'VsphereVirtualDiskVolumeSource',
};

/** Sources with a PersistentVolume flavour of their own (secret references with a namespace). */
const PV_ONLY_SOURCES: Readonly<Record<string, string>> = {
  azureFile: 'AzureFilePersistentVolumeSource',
  cephfs: 'CephFSPersistentVolumeSource',
  cinder: 'CinderPersistentVolumeSource',
  csi: 'CSIPersistentVolumeSource',
  flexVolume: 'FlexPersistentVolumeSource',
  glusterfs: 'GlusterfsPersistentVolumeSource',
  iscsi: 'ISCSIPersistentVolumeSource',
  rbd: 'RBDPersistentVolumeSource',
  scaleIO: 'ScaleIOPersistentVolumeSource',
  storageos: 'StorageOSPersistentVolumeSource',
};

const sourceRefs = (sources: Readonly<Record<string, string>>): Record<string, ReturnType<typeof ref>> =>
  Object.fromEntries(Object.entries(sources).map(([member, name]) => [member, ref(`${CORE}${name}`)]));

export const PV_COMPONENTS: ComponentTable = {
  [`${CORE}PersistentVolume`]: kindObject(
    { group: '', version: 'v1', kind: 'PersistentVolume' },
    'A piece of storage in the cluster, provisioned by an administrator or a provisioner.',
    {
      spec: ref(`${CORE}PersistentVolumeSpec`, { default: {} }),
      status: ref(`${CORE}PersistentVolumeStatus`, { default: {} }),
    },
  ),
  [`${CORE}PersistentVolumeSpec`]: object({
    ...sourceRefs(SHARED_SOURCES),
    ...sourceRefs(PV_ONLY_SOURCES),
    accessModes: strings(),
    capacity: quantityMap(),
    claimRef: ref(`${CORE}ObjectReference`, { 'x-kubernetes-map-type': 'granular' }),
    local: ref(`${CORE}LocalVolumeSource`),
    mountOptions: strings(),
    nodeAffinity: ref(`${CORE}VolumeNodeAffinity`),
    persistentVolumeReclaimPolicy: str(),
    storageClassName: str(),
    volumeAttributesClassName: str(),
    volumeMode: str(),
  }),
  ...Object.fromEntries(Object.values(PV_ONLY_SOURCES).map((name) => [`${CORE}${name}`, preserved(`${name}: a volume driver Flotilla does not mount.`)])),
  [`${CORE}LocalVolumeSource`]: object({ fsType: str(), path: str({ default: '' }) }, ['path']),
  [`${CORE}VolumeNodeAffinity`]: object({ required: ref(`${CORE}NodeSelector`) }),
  [`${CORE}PersistentVolumeStatus`]: object({
    lastPhaseTransitionTime: time(),
    message: str(),
    phase: str(),
    reason: str(),
  }),
};

