// Component names as Kubernetes publishes them: kubectl and client generators
// key their caches and `explain` output by these, so they must match exactly.

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const CORE = 'io.k8s.api.core.v1.';
export const APPS = 'io.k8s.api.apps.v1.';
export const COORDINATION = 'io.k8s.api.coordination.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const BATCH = 'io.k8s.api.batch.v1.';
export const DISCOVERY = 'io.k8s.api.discovery.v1.';
export const POLICY = 'io.k8s.api.policy.v1.';
export const AUTOSCALING_V2 = 'io.k8s.api.autoscaling.v2.';
export const STORAGE_V1 = 'io.k8s.api.storage.v1.';
export const AUTOSCALING_V1 = 'io.k8s.api.autoscaling.v1.';
export const RBAC = 'io.k8s.api.rbac.v1.';
export const CERTIFICATES_V1 = 'io.k8s.api.certificates.v1.';
