/** The API group of the representations a client may ask for instead of the object: Table, PartialObjectMetadata. */
export const META_GROUP = 'meta.k8s.io';
