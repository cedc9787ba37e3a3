// Discovery and /version for the HTTPS server: handlers, and the pure
// documents they serve for tests and other writers.
export { discoveryRoutes, discoveryFormatFor } from './discovery-routes.js';
export { versionRoute } from './version-route.js';
export { flotillaVersionInfo, SERVED_KUBERNETES_MAJOR, SERVED_KUBERNETES_MINOR, type VersionInfo } from './version-info.js';
export {
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  AGGREGATED_DISCOVERY_VERSIONS,
  type AggregatedDiscoveryVersion,
  type ApiGroupDiscoveryList,
  type DiscoveryRoot,
} from './aggregated-discovery.js';
export { apiGroup, apiGroupList, apiResourceList, apiVersions, type ApiResourceList } from './legacy-discovery.js';
export { servedGroups, type ServedGroup, type ServedGroupVersion } from './group-versions.js';
export { servedResource, RESOURCE_VERBS, type DiscoverableResource, type ServedResource, type ServedSubresource, type Verb } from './served-resources.js';
