// The pod streaming subresources of the Kubernetes HTTP API: log (a plain
// route), exec / attach and portforward (WebSocket upgrades), over the shared pod relay.
export type { PodStreamsDeps } from './deps.js';
export { podLogRoute, FOLLOW_HEADERS_WAIT_MS } from './pod-log-route.js';
export { podExecUpgrade } from './pod-exec-upgrade.js';
export { podPortForwardUpgrade } from './pod-port-forward-upgrade.js';
export { rejectUpgrade, type UpgradeContext, type UpgradeHandler } from './upgrade.js';
