// Starting and stopping one container of a pod, with the kubelet's events:
// image (Pulling/Pulled/Failed), Created, Started, postStart, preStop, Killing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigMap, Container, Pod, Secret } from '../../api/types/index.js';
import { containerCreateOptions, podHostname } from '../runtime/container-spec.js';
import { dockerMessage } from '../runtime/docker-runtime.js';
import { imagePresenceOf, type ImagePresenceCache } from '../runtime/image-presence-cache.js';
import type { RuntimeMount } from '../runtime/runtime-types.js';
import { CONFIG_WAIT_RETRY_MS, DEFAULT_GRACE_PERIOD_SECONDS, HOOK_EXEC_TIMEOUT_MS, HOOK_HTTP_TIMEOUT_MS, MIN_STOP_GRACE_AFTER_PRESTOP_SECONDS } from '../timing.js';
import { CrashBackoff } from './crash-backoff.js';
import { apiDataVolumeNames } from './api-data-volumes.js';
import { readOnlyClaimVolumes } from './claim-volumes.js';
import type { ConfigReader, ServiceReader } from './config-objects.js';
import { configRefs, containerEnv, EnvConfigError, expandVars, skippedKeysMessage, type ConfigLookup } from './env.js';
import { runAction } from './handler-action.js';
import { MASTER_SERVICE, serviceEnvVars } from './service-env.js';
import { hostsFileContent } from './hosts-file.js';
import { ImageError, pullPolicyOf } from './image-policy.js';
import { containerMounts, podDir } from './volumes.js';
import { pooledLaunch, PooledLaunchError } from '../pool/pooled-container.js';
import { DEFAULT_BUSYBOX_PATHS } from '../pool/hostname-shim.js';
import type { PodWorkerDeps } from './worker-deps.js';
import { missingClusterDnsMessage, podResolvConf } from './resolv-conf.js';
import type { Waiting } from './pod-status.js';

/** The pod's resolv.conf, beside its hosts file in the pod directory. */
const RESOLV_CONF_FILE = 'resolv.conf';
/** The pod's /etc/hostname, for containers in a pooled sandbox (a fresh sandbox's comes from Docker). */
const HOSTNAME_FILE = 'etc-hostname';

const MS_PER_SECOND = 1000;

/**
 * Reads the ConfigMaps and Secrets a container's environment names (absent ones are left out),
 * and the `kubernetes` Service every container is told about, as the kubelet does.
 */
async function readConfigLookup(reader: ConfigReader & ServiceReader, namespace: string, container: Container): Promise<ConfigLookup> {
  const refs = configRefs(container);
  const configMaps = new Map<string, ConfigMap>();
  const secrets = new Map<string, Secret>();
  for (const name of refs.configMaps) {
    const cm = await reader.configMap(namespace, name);
    if (cm) configMaps.set(name, cm);
  }
  for (const name of refs.secrets) {
    const secret = await reader.secret(namespace, name);
    if (secret) secrets.set(name, secret);
  }
  const master = await reader.service(MASTER_SERVICE.namespace, MASTER_SERVICE.name);
  return { configMaps, secrets, serviceVars: master ? serviceEnvVars(master) : new Map() };
}

/** A container that could not be created; the reason is its waiting reason. */
export class StartError extends Error {
  /** When a retry makes sense; undefined: at the next resync. */
  constructor(readonly waiting: Waiting, readonly retryAfterMs?: number) {
    super(waiting.message ?? waiting.reason);
  }
}

export interface StartRequest {
  pod: Pod;
  container: Container;
  kind: 'init' | 'app';
  restartCount: number;
  sandboxId: string;
  podIP: string;
  volumePaths: ReadonlyMap<string, string>;
  /** The sandbox came from the warm pool: the container starts through the hostname shim. */
  pooledSandbox?: boolean;
}

export class ContainerLifecycle {
  /** Image pull retries, by image: ImagePullBackOff. */
  private readonly pullBackoff: CrashBackoff;
  private readonly lastPullFailure = new Map<string, number>();
  /** Images whose current backoff has been reported by an event already. */
  private readonly backoffReported = new Set<string>();
  private readonly images: ImagePresenceCache;

  constructor(private readonly deps: PodWorkerDeps) {
    this.pullBackoff = new CrashBackoff(undefined, () => deps.clock.now());
    this.images = imagePresenceOf(deps.runtime, () => deps.clock.now());
  }

  private event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.events.event(pod, type, reason, message);
  }

  /** Makes sure the image is there, per imagePullPolicy; throws ImageError. */
  async ensureImage(pod: Pod, container: Container): Promise<void> {
    const image = container.image ?? '';
    if (!image) throw new ImageError('InvalidImageName', `container "${container.name}" names no image`);
    const policy = pullPolicyOf(container);
    const present = await this.images.imageID(image);
    if (policy === 'Never') {
      if (present) return;
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.event(pod, 'Warning', 'ErrImageNeverPull', message);
      throw new ImageError('ErrImageNeverPull', message);
    }
    if (policy === 'IfNotPresent' && present) {
      this.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return;
    }
    await this.pull(pod, image);
  }

  private async pull(pod: Pod, image: string): Promise<void> {
    const failedAt = this.lastPullFailure.get(image);
    const remaining = failedAt === undefined ? 0 : this.pullBackoff.remaining(image, failedAt);
    if (remaining > 0) {
      const message = `Back-off pulling image "${image}"`;
      if (!this.backoffReported.has(image)) {
        this.backoffReported.add(image);
        this.event(pod, 'Normal', 'BackOff', message);
        this.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      }
      throw new ImageError('ImagePullBackOff', message, remaining);
    }
    this.backoffReported.delete(image);
    this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const started = this.deps.clock.now();
    this.images.forget(image);
    try {
      await this.deps.runtime.pull(image);
    } catch (err) {
      this.pullBackoff.recordRetry(image);
      this.lastPullFailure.set(image, this.deps.clock.now());
      const message = `Failed to pull image "${image}": ${dockerMessage(err)}`;
      this.event(pod, 'Warning', 'Failed', message);
      this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
      throw new ImageError('ErrImagePull', message, this.pullBackoff.currentDelay(image));
    }
    this.pullBackoff.reset(image);
    this.lastPullFailure.delete(image);
    this.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${((this.deps.clock.now() - started) / MS_PER_SECOND).toFixed(3)}s`);
  }

  /** The managed /etc/hosts of the pod, rewritten when the pod IP is known. */
  async writeHostsFile(pod: Pod, podIP: string): Promise<string> {
    const dir = podDir(this.deps.stateDir, pod.metadata.uid ?? '');
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'etc-hosts');
    const content = hostsFileContent({
      podIP,
      hostname: podHostname(pod),
      fqdn: pod.spec.subdomain ? `${podHostname(pod)}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local` : undefined,
      hostAliases: pod.spec.hostAliases,
      hostFile: pod.spec.hostNetwork ? this.deps.hostHostsFile : undefined,
    });
    await writeFile(path, content);
    await writeFile(join(dir, RESOLV_CONF_FILE), podResolvConf(pod, this.deps.dns));
    await writeFile(join(dir, HOSTNAME_FILE), `${podHostname(pod)}\n`);
    const missingDns = missingClusterDnsMessage(pod, this.deps.dns);
    if (missingDns) this.event(pod, 'Warning', 'MissingClusterDNS', missingDns);
    return path;
  }

  private async mountsFor(req: StartRequest): Promise<RuntimeMount[]> {
    const mounts = await containerMounts(req.container, req.volumePaths, new Set([...apiDataVolumeNames(req.pod), ...readOnlyClaimVolumes(req.pod)]));
    const hostNetwork = req.pod.spec.hostNetwork === true;
    if (!hostNetwork || (req.pod.spec.hostAliases?.length ?? 0) > 0) {
      const hostsPath = join(podDir(this.deps.stateDir, req.pod.metadata.uid ?? ''), 'etc-hosts');
      if (!mounts.some((m) => m.target === '/etc/hosts')) mounts.push({ source: hostsPath, target: '/etc/hosts', readOnly: false });
    }
    const resolvPath = join(podDir(this.deps.stateDir, req.pod.metadata.uid ?? ''), RESOLV_CONF_FILE);
    if (!mounts.some((m) => m.target === '/etc/resolv.conf')) mounts.push({ source: resolvPath, target: '/etc/resolv.conf', readOnly: false });
    return mounts;
  }

  /** Pulls, creates and starts the container; runs postStart. Answers the Docker id. */
  async start(req: StartRequest): Promise<string> {
    const { pod, container } = req;
    try {
      await this.ensureImage(pod, container);
    } catch (err) {
      if (err instanceof ImageError) throw new StartError({ reason: err.reason, message: err.message }, err.retryAfterMs);
      throw err;
    }
    const podWithIP: Pod = { ...pod, status: { ...(pod.status ?? {}), podIP: req.podIP, hostIP: this.deps.hostIP } };
    let env: ReturnType<typeof containerEnv>;
    try {
      const lookup = await readConfigLookup(this.deps.config, pod.metadata.namespace ?? '', container);
      env = containerEnv(podWithIP, container, lookup);
    } catch (err) {
      if (!(err instanceof EnvConfigError)) throw err;
      this.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      // The ConfigMap or Secret may be created at any moment: look again soon.
      throw new StartError({ reason: 'CreateContainerConfigError', message: err.message }, CONFIG_WAIT_RETRY_MS);
    }
    for (const skipped of env.skipped) this.event(pod, 'Warning', 'InvalidEnvironmentVariableNames', skippedKeysMessage(skipped));
    const mounts = await this.mountsFor(req);
    let command = container.command?.map((a) => expandVars(a, env.vars));
    let args = container.args?.map((a) => expandVars(a, env.vars));
    if (req.pooledSandbox) {
      const launch = await this.pooledLaunch(req, command, args);
      command = launch.command;
      args = undefined;
      mounts.push(...launch.mounts);
    }
    const options = containerCreateOptions({
      pod,
      node: this.deps.node,
      container,
      kind: req.kind,
      restartCount: req.restartCount,
      sandboxId: req.sandboxId,
      env: env.list,
      command,
      args,
      mounts,
    });
    let id: string;
    try {
      id = await this.deps.runtime.create(options);
    } catch (err) {
      const message = dockerMessage(err);
      this.event(pod, 'Warning', 'Failed', `Error: ${message}`);
      throw new StartError({ reason: 'CreateContainerError', message });
    }
    this.event(pod, 'Normal', 'Created', `Created container ${container.name}`);
    try {
      await this.deps.runtime.start(id);
    } catch (err) {
      // Docker keeps the container in "created" with the error: the status shows StartError.
      this.event(pod, 'Warning', 'Failed', `Error: failed to start container "${container.name}": ${dockerMessage(err)}`);
      return id;
    }
    if (req.pooledSandbox && !(await this.setPodHostname(req, id))) return id;
    this.event(pod, 'Normal', 'Started', `Started container ${container.name}`);
    await this.runPostStart(req, id);
    return id;
  }

  private async pooledLaunch(req: StartRequest, command: string[] | undefined, args: string[] | undefined): Promise<{ command: string[]; mounts: RuntimeMount[] }> {
    const { pod, container } = req;
    try {
      const hostnameFile = join(podDir(this.deps.stateDir, pod.metadata.uid ?? ''), HOSTNAME_FILE);
      return await pooledLaunch({ runtime: this.deps.runtime, shim: this.deps.hostnameShim, pod, containerName: container.name, image: container.image ?? '', command, args, hostnameFile });
    } catch (err) {
      if (!(err instanceof PooledLaunchError)) throw err;
      this.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      throw new StartError({ reason: 'CreateContainerError', message: err.message });
    }
  }

  /**
   * The container waits in its shim until its hostname is the pod's; one whose
   * hostname cannot be set is stopped now rather than after the shim's wait.
   */
  private async setPodHostname(req: StartRequest, id: string): Promise<boolean> {
    try {
      await this.deps.runtime.setHostname(id, podHostname(req.pod), this.deps.hostnameShim ?? DEFAULT_BUSYBOX_PATHS);
      return true;
    } catch (err) {
      this.event(req.pod, 'Warning', 'Failed', `Error: failed to start container "${req.container.name}": ${dockerMessage(err)}`);
      await this.deps.runtime.stop(id, 0);
      return false;
    }
  }

  private async runPostStart(req: StartRequest, id: string): Promise<void> {
    const hook = req.container.lifecycle?.postStart;
    if (!hook) return;
    const timeoutMs = hook.exec ? HOOK_EXEC_TIMEOUT_MS : HOOK_HTTP_TIMEOUT_MS;
    const result = await runAction({ runtime: this.deps.runtime, containerId: id, container: req.container, host: this.actionHost(req.pod, req.podIP) }, hook, timeoutMs);
    if (result.ok) return;
    const name = req.container.name;
    this.event(req.pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${result.message}`.trim());
    this.event(req.pod, 'Normal', 'Killing', `FailedPostStartHook: container ${name} will be restarted`);
    await this.deps.runtime.stop(id, this.graceSeconds(req.pod));
  }

  actionHost(pod: Pod, podIP: string): string {
    return pod.spec.hostNetwork ? '127.0.0.1' : podIP;
  }

  graceSeconds(pod: Pod): number {
    return pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
  }

  /**
   * Stops a running container: preStop within the grace period, then the
   * stop signal, then SIGKILL when the grace period is over.
   */
  async kill(pod: Pod, container: Container | undefined, id: string, podIP: string, graceSeconds: number, message: string): Promise<void> {
    const started = this.deps.clock.now();
    if (message) this.event(pod, 'Normal', 'Killing', message);
    const hook = container?.lifecycle?.preStop;
    let left = graceSeconds;
    if (hook && container && graceSeconds > 0) {
      const result = await runAction({ runtime: this.deps.runtime, containerId: id, container, host: this.actionHost(pod, podIP) }, hook, graceSeconds * MS_PER_SECOND);
      if (!result.ok) this.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${result.message}`.trim());
      left = Math.max(MIN_STOP_GRACE_AFTER_PRESTOP_SECONDS, graceSeconds - (this.deps.clock.now() - started) / MS_PER_SECOND);
    }
    await this.deps.runtime.stop(id, left);
  }
}
