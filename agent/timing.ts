// Every period, timeout and backoff the agent uses, in one place.

/** How often the node's Lease in kube-node-lease is renewed. */
export const LEASE_RENEW_PERIOD_MS = 10_000;
/** How long the Lease stays valid without renewal. */
export const LEASE_DURATION_SECONDS = 40;
/** How often the Node's status (conditions, heartbeat) is written even when nothing changed. */
export const NODE_STATUS_REPORT_PERIOD_MS = 60_000;
/** First wait after a failed node registration; doubles up to the max. */
export const NODE_REGISTER_BACKOFF_INITIAL_MS = 500;
export const NODE_REGISTER_BACKOFF_MAX_MS = 10_000;

/** Every pod worker re-syncs this often, so nothing missed stays missed. */
export const POD_RESYNC_PERIOD_MS = 10_000;
/** How often Docker is relisted to notice orphaned containers. */
export const ORPHAN_SWEEP_PERIOD_MS = 30_000;
/** First retry of a failed sync; doubles up to the max. */
export const SYNC_RETRY_INITIAL_MS = 1_000;
export const SYNC_RETRY_MAX_MS = 30_000;
/** A volume that could not be set up (FailedMount) is tried again this often. */
export const VOLUME_RETRY_PERIOD_MS = 10_000;
/** Reconnect delay of the Docker event stream. */
export const DOCKER_EVENTS_RECONNECT_MS = 1_000;

/** CrashLoopBackOff and ImagePullBackOff: 10 s doubling to 5 min. */
export const CRASH_BACKOFF_INITIAL_MS = 10_000;
export const CRASH_BACKOFF_MAX_MS = 300_000;
/** A container that ran this long without failing clears its backoff. */
export const CRASH_BACKOFF_RESET_MS = 600_000;

/** Default grace period when a pod gives none (Kubernetes: 30 s). */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;
/** Grace period used for containers of pods that no longer exist. */
export const ORPHAN_GRACE_PERIOD_SECONDS = 2;
/** As the kubelet: a preStop hook that used up the grace period still leaves this long to handle SIGTERM. */
export const MIN_STOP_GRACE_AFTER_PRESTOP_SECONDS = 2;

/** Probe defaults, as Kubernetes applies them. */
export const PROBE_DEFAULT_PERIOD_SECONDS = 10;
export const PROBE_DEFAULT_TIMEOUT_SECONDS = 1;
export const PROBE_DEFAULT_FAILURE_THRESHOLD = 3;
export const PROBE_DEFAULT_SUCCESS_THRESHOLD = 1;

/** A lifecycle hook (postStart/preStop httpGet) that answers slower than this failed. */
export const HOOK_HTTP_TIMEOUT_MS = 30_000;
/** How long to wait for a Docker exec that a hook runs. */
export const HOOK_EXEC_TIMEOUT_MS = 30_000;

/** A ConfigMap or Secret read from the apiserver is reused this long by every pod of the node. */
export const CONFIG_OBJECT_CACHE_TTL_MS = 2_000;
/** configMap, secret and downwardAPI volumes are rewritten from their sources at most this often (upstream: within a minute). */
export const CONFIG_VOLUME_REFRESH_PERIOD_MS = 15_000;
/** A container waiting for a ConfigMap or Secret (CreateContainerConfigError) tries again after this long. */
export const CONFIG_WAIT_RETRY_MS = 3_000;
