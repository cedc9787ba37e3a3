// v1 Volume: every volume source Kubernetes accepts. The sources Flotilla's
// users write (emptyDir, hostPath, configMap, secret, projected, downwardAPI,
// persistentVolumeClaim, ephemeral, csi, nfs, image) are declared member by
// member; the deprecated in-tree cloud and SAN drivers are named components
// that preserve unknown fields, so manifests using them still validate.
import {
  atomicList,
  bool,
  int32,
  int64,
  object,
  preserved,
  quantity,
  ref,
  str,
  stringMap,
} from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

/** Volume member name to component name, for the legacy drivers kept opaque. */
const LEGACY_SOURCES: Readonly<Record<string, string>> = {
  awsElasticBlockStore: 'AWSElasticBlockStoreVolumeSource',
  azureDisk: 'AzureDiskVolumeSource',
  azureFile: 'AzureFileVolumeSource',
  cephfs: 'CephFSVolumeSource',
  cinder: 'CinderVolumeSource',
  fc: 'FCVolumeSource',
  flexVolume: 'FlexVolumeSource',
  flocker: 'FlockerVolumeSource',
  gcePersistentDisk: 'GCEPersistentDiskVolumeSource',
  gitRepo: 'GitRepoVolumeSource',
  glusterfs: 'GlusterfsVolumeSource',
  iscsi: 'ISCSIVolumeSource',
  photonPersistentDisk: 'PhotonPersistentDiskVolumeSource',
  portworxVolume: 'PortworxVolumeSource',
  quobyte: 'QuobyteVolumeSource',
  rbd: 'RBDVolumeSource',
  scaleIO: 'ScaleIOVolumeSource',
  storageos: 'StorageOSVolumeSource',
  vsphereVolume: 'VsphereVirtualDiskVolumeSource',
};

const legacyProperties = Object.fromEntries(Object.entries(LEGACY_SOURCES).map(([member, name]) => [member, ref(`${CORE}${name}`)]));
const legacyComponents = Object.fromEntries(
  Object.values(LEGACY_SOURCES).map((name) => [`${CORE}${name}`, preserved(`${name}: a deprecated in-tree volume driver.`)]),
);

const items = (): ReturnType<typeof atomicList> => atomicList(`${CORE}KeyToPath`);

export const VOLUME_COMPONENTS: ComponentTable = {
  [`${CORE}Volume`]: object(
    {
      ...legacyProperties,
      configMap: ref(`${CORE}ConfigMapVolumeSource`),
      csi: ref(`${CORE}CSIVolumeSource`),
      downwardAPI: ref(`${CORE}DownwardAPIVolumeSource`),
      emptyDir: ref(`${CORE}EmptyDirVolumeSource`),
      ephemeral: ref(`${CORE}EphemeralVolumeSource`),
      hostPath: ref(`${CORE}HostPathVolumeSource`),
      image: ref(`${CORE}ImageVolumeSource`),
      name: str({ default: '' }),
      nfs: ref(`${CORE}NFSVolumeSource`),
      persistentVolumeClaim: ref(`${CORE}PersistentVolumeClaimVolumeSource`),
      projected: ref(`${CORE}ProjectedVolumeSource`),
      secret: ref(`${CORE}SecretVolumeSource`),
    },
    ['name'],
  ),
  ...legacyComponents,
  [`${CORE}LocalObjectReference`]: object({ name: str({ default: '' }) }, [], { 'x-kubernetes-map-type': 'atomic' }),
  [`${CORE}KeyToPath`]: object({ key: str({ default: '' }), mode: int32(), path: str({ default: '' }) }, ['key', 'path']),
  [`${CORE}ConfigMapVolumeSource`]: object({ defaultMode: int32(), items: items(), name: str({ default: '' }), optional: bool() }),
  [`${CORE}SecretVolumeSource`]: object({ defaultMode: int32(), items: items(), optional: bool(), secretName: str() }),
  [`${CORE}EmptyDirVolumeSource`]: object({ medium: str(), sizeLimit: quantity() }),
  [`${CORE}HostPathVolumeSource`]: object({ path: str({ default: '' }), type: str() }, ['path']),
  [`${CORE}PersistentVolumeClaimVolumeSource`]: object({ claimName: str({ default: '' }), readOnly: bool() }, ['claimName']),
  [`${CORE}NFSVolumeSource`]: object({ path: str({ default: '' }), readOnly: bool(), server: str({ default: '' }) }, ['server', 'path']),
  [`${CORE}CSIVolumeSource`]: object(
    {
      driver: str({ default: '' }),
      fsType: str(),
      nodePublishSecretRef: ref(`${CORE}LocalObjectReference`),
      readOnly: bool(),
      volumeAttributes: stringMap(),
    },
    ['driver'],
  ),
  [`${CORE}ImageVolumeSource`]: object({ pullPolicy: str(), reference: str() }),
  [`${CORE}EphemeralVolumeSource`]: object({ volumeClaimTemplate: ref(`${CORE}PersistentVolumeClaimTemplate`) }),
  [`${CORE}PersistentVolumeClaimTemplate`]: object(
    { metadata: ref(`${META}ObjectMeta`, { default: {} }), spec: ref(`${CORE}PersistentVolumeClaimSpec`, { default: {} }) },
    ['spec'],
  ),
  [`${CORE}DownwardAPIVolumeSource`]: object({ defaultMode: int32(), items: atomicList(`${CORE}DownwardAPIVolumeFile`) }),
  [`${CORE}DownwardAPIVolumeFile`]: object(
    {
      fieldRef: ref(`${CORE}ObjectFieldSelector`),
      mode: int32(),
      path: str({ default: '' }),
      resourceFieldRef: ref(`${CORE}ResourceFieldSelector`),
    },
    ['path'],
  ),
  [`${CORE}ProjectedVolumeSource`]: object({ defaultMode: int32(), sources: atomicList(`${CORE}VolumeProjection`) }),
  [`${CORE}VolumeProjection`]: object({
    clusterTrustBundle: ref(`${CORE}ClusterTrustBundleProjection`),
    configMap: ref(`${CORE}ConfigMapProjection`),
    downwardAPI: ref(`${CORE}DownwardAPIProjection`),
    podCertificate: ref(`${CORE}PodCertificateProjection`),
    secret: ref(`${CORE}SecretProjection`),
    serviceAccountToken: ref(`${CORE}ServiceAccountTokenProjection`),
  }),
  [`${CORE}ClusterTrustBundleProjection`]: object(
    { labelSelector: ref(`${META}LabelSelector`), name: str(), optional: bool(), path: str({ default: '' }), signerName: str() },
    ['path'],
  ),
  [`${CORE}ConfigMapProjection`]: object({ items: items(), name: str({ default: '' }), optional: bool() }),
  [`${CORE}SecretProjection`]: object({ items: items(), name: str({ default: '' }), optional: bool() }),
  [`${CORE}DownwardAPIProjection`]: object({ items: atomicList(`${CORE}DownwardAPIVolumeFile`) }),
  [`${CORE}ServiceAccountTokenProjection`]: object(
    { audience: str(), expirationSeconds: int64(), path: str({ default: '' }) },
    ['path'],
  ),
  [`${CORE}PodCertificateProjection`]: object(
    {
      certificateChainPath: str(),
      credentialBundlePath: str(),
      keyPath: str(),
      keyType: str({ default: '' }),
      maxExpirationSeconds: int32(),
      signerName: str({ default: '' }),
    },
    ['signerName', 'keyType'],
  ),
};
