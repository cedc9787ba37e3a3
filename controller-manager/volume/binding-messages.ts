// The reasons and messages of the volume binder's events and statuses, as
// Kubernetes' persistentvolume-controller words them, so `describe pvc` reads
// the same.

export const WAIT_FOR_FIRST_CONSUMER = { reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' };
export const NO_CLASS = { reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' };
export const CLAIM_LOST_REFERENCE = { reason: 'ClaimLost', message: 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!' };
export const CLAIM_LOST_VOLUME = { reason: 'ClaimLost', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' };
export const CLAIM_MISBOUND = { reason: 'ClaimMisbound', message: 'Two claims are bound to the same volume, this one is bound incorrectly' };
export const RECYCLE_UNSUPPORTED = { reason: 'VolumeFailedRecycle', message: 'Recycle is not supported; use Delete or Retain' };
export const EXTERNAL_PROVISIONING = 'ExternalProvisioning';
export const PROVISIONING_FAILED = 'ProvisioningFailed';
export const VOLUME_MISMATCH = 'VolumeMismatch';
export const FAILED_BINDING = 'FailedBinding';
export const VOLUME_FAILED_DELETE = 'VolumeFailedDelete';

export function externalProvisioningMessage(provisioner: string): string {
  return `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
}

export function classNotFoundMessage(className: string): string {
  return `storageclass.storage.k8s.io "${className}" not found`;
}

export function noDeleterMessage(volumeName: string): string {
  return `error getting deleter volume plugin for volume "${volumeName}": no deletable volume plugin matched`;
}

export function alreadyBoundMessage(volumeName: string): string {
  return `volume "${volumeName}" already bound to a different claim.`;
}

export function mismatchMessage(volumeName: string, why: string): string {
  return `Cannot bind to requested volume "${volumeName}": ${why}`;
}
