// What a pod worker needs from the agent around it.
import type { Logger } from 'pino';
import type { KubeObject, Pod } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../clock.js';
import type { BusyboxPaths, ContainerRuntime, RuntimeContainer } from '../runtime/runtime-types.js';
import type { ServiceReader } from './config-objects.js';
import type { VolumeSourceReader } from './volumes.js';
import type { DnsSettings } from './resolv-conf.js';

export interface EventSink {
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Warm sandboxes made ahead of pods (agent/pool/sandbox-pool.ts). */
export interface SandboxSource {
  /** A running sandbox now owned by the pod, or undefined when none waits. */
  claim(pod: Pod): Promise<RuntimeContainer | undefined>;
  /** Runs a pod's sync, so the pool stays off the engine meanwhile. */
  whilePodStarts<T>(fn: () => Promise<T>): Promise<T>;
}

export interface PodWorkerDeps {
  node: string;
  runtime: ContainerRuntime;
  clock: Clock;
  client: ApiClient;
  /** The ConfigMaps, Secrets and claims pods name, for env and volumes; the Services containers are told about. */
  config: VolumeSourceReader & ServiceReader;
  events: EventSink;
  logger: Logger;
  stateDir: string;
  pauseImage: string;
  network: string;
  hostIP: string;
  /** The host's own /etc/hosts, for hostNetwork pods with hostAliases. */
  hostHostsFile: string;
  /** What pods' resolv.conf is built from (--cluster-dns, --cluster-domain, the host's resolv.conf). */
  dns: DnsSettings;
  /** Undefined: every pod takes a fresh sandbox. */
  pool?: SandboxSource;
  /** The static busybox that containers in pooled sandboxes start with; undefined when the host has none. */
  hostnameShim?: BusyboxPaths;
}
