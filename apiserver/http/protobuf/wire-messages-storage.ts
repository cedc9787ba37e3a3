// The protobuf messages of the storage kinds (see wire-messages.ts for the
// notation): v1 PersistentVolume with every source of k8s.io/api core/v1's
// PersistentVolumeSource, and storage.k8s.io/v1 StorageClass. The claim's
// messages live with the pod's, which embeds them in ephemeral volumes.

/** Core messages of PersistentVolume not shared with pod volumes. */
export const PERSISTENT_VOLUME_MESSAGES: Readonly<Record<string, string>> = {
  PersistentVolume: 'metadata=1:meta.ObjectMeta spec=2:PersistentVolumeSpec status=3:PersistentVolumeStatus',
  PersistentVolumeSpec: [
    'capacity=1:resource.Quantity{} persistentVolumeSource=2:PersistentVolumeSource^ accessModes=3[] claimRef=4:ObjectReference',
    'persistentVolumeReclaimPolicy=5 storageClassName=6 mountOptions=7[] volumeMode=8? nodeAffinity=9:VolumeNodeAffinity',
    'volumeAttributesClassName=10?',
  ].join(' '),
  PersistentVolumeSource: [
    'gcePersistentDisk=1:GCEPersistentDiskVolumeSource awsElasticBlockStore=2:AWSElasticBlockStoreVolumeSource',
    'hostPath=3:HostPathVolumeSource glusterfs=4:GlusterfsPersistentVolumeSource nfs=5:NFSVolumeSource',
    'rbd=6:RBDPersistentVolumeSource iscsi=7:ISCSIPersistentVolumeSource cinder=8:CinderPersistentVolumeSource',
    'cephfs=9:CephFSPersistentVolumeSource fc=10:FCVolumeSource flocker=11:FlockerVolumeSource',
    'flexVolume=12:FlexPersistentVolumeSource azureFile=13:AzureFilePersistentVolumeSource',
    'vsphereVolume=14:VsphereVirtualDiskVolumeSource quobyte=15:QuobyteVolumeSource azureDisk=16:AzureDiskVolumeSource',
    'photonPersistentDisk=17:PhotonPersistentDiskVolumeSource portworxVolume=18:PortworxVolumeSource',
    'scaleIO=19:ScaleIOPersistentVolumeSource local=20:LocalVolumeSource storageos=21:StorageOSPersistentVolumeSource',
    'csi=22:CSIPersistentVolumeSource',
  ].join(' '),
  PersistentVolumeStatus: 'phase=1 message=2 reason=3 lastPhaseTransitionTime=4:meta.Time',
  VolumeNodeAffinity: 'required=1:NodeSelector',
  LocalVolumeSource: 'path=1? fsType=2?',
  SecretReference: 'name=1 namespace=2',
  GlusterfsPersistentVolumeSource: 'endpoints=1? path=2? readOnly=3:bool endpointsNamespace=4?',
  RBDPersistentVolumeSource: 'monitors=1[] image=2? fsType=3 pool=4 user=5 keyring=6 secretRef=7:SecretReference readOnly=8:bool',
  ISCSIPersistentVolumeSource: [
    'targetPortal=1? iqn=2? lun=3:int32? iscsiInterface=4 fsType=5 readOnly=6:bool portals=7[] chapAuthDiscovery=8:bool',
    'chapAuthSession=11:bool secretRef=10:SecretReference initiatorName=12?',
  ].join(' '),
  CinderPersistentVolumeSource: 'volumeID=1? fsType=2 readOnly=3:bool secretRef=4:SecretReference',
  CephFSPersistentVolumeSource: 'monitors=1[] path=2 user=3 secretFile=4 secretRef=5:SecretReference readOnly=6:bool',
  FlexPersistentVolumeSource: 'driver=1? fsType=2 secretRef=3:SecretReference readOnly=4:bool options=5{}',
  AzureFilePersistentVolumeSource: 'secretName=1? shareName=2? readOnly=3:bool secretNamespace=4?',
  ScaleIOPersistentVolumeSource: [
    'gateway=1? system=2? secretRef=3:SecretReference sslEnabled=4:bool protectionDomain=5 storagePool=6 storageMode=7',
    'volumeName=8 fsType=9 readOnly=10:bool',
  ].join(' '),
  StorageOSPersistentVolumeSource: 'volumeName=1 volumeNamespace=2 fsType=3 readOnly=4:bool secretRef=5:ObjectReference',
  CSIPersistentVolumeSource: [
    'driver=1? volumeHandle=2? readOnly=3:bool fsType=4 volumeAttributes=5{} controllerPublishSecretRef=6:SecretReference',
    'nodeStageSecretRef=7:SecretReference nodePublishSecretRef=8:SecretReference controllerExpandSecretRef=9:SecretReference',
    'nodeExpandSecretRef=10:SecretReference',
  ].join(' '),
  TopologySelectorTerm: 'matchLabelExpressions=1:TopologySelectorLabelRequirement[]',
  TopologySelectorLabelRequirement: 'key=1? values=2[]',
};

/** storage.k8s.io/v1. */
export const STORAGE_MESSAGES: Readonly<Record<string, string>> = {
  StorageClass: [
    'metadata=1:meta.ObjectMeta provisioner=2? parameters=3{} reclaimPolicy=4? mountOptions=5[] allowVolumeExpansion=6:bool?',
    'volumeBindingMode=7? allowedTopologies=8:core.TopologySelectorTerm[]',
  ].join(' '),
};
