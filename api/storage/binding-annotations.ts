// The annotations Kubernetes' volume binding writes on claims and volumes. The
// PV controller, the scheduler and the provisioners meet through them, so each
// is spelled once here.

/** On a claim: the controller finished binding it (its volume and status are final). */
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
/** On a claim or volume: the controller, not the user, chose the other side of the binding. */
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
/** On a claim: the node the scheduler chose for its first consumer; provisioning happens there. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** On a claim: the provisioner asked to create its volume. */
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
/** The beta spelling of the same, still written for older provisioners. */
export const BETA_STORAGE_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a volume: the provisioner that created it (and so deletes it). */
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
/** The value of the boolean annotations above. */
export const ANNOTATION_YES = 'yes';
/** The node label a local volume's node affinity names. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
