// The objects `run` and `create deployment` build, shaped as kubectl builds them.
import type { Deployment } from '../api/types/apps.js';
import type { Container, EnvVar, Pod } from '../api/types/pod.js';
import { CliError } from './cli-error.js';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface RunOptions {
  name: string;
  image: string;
  namespace?: string;
  restart: RestartPolicy;
  /** Replace the default `run=<name>` label. */
  labels?: Record<string, string>;
  env: string[];
  port?: number;
  /** With `command`, the arguments after `--` replace the entrypoint; otherwise they are its args. */
  command: boolean;
  args: string[];
}

export function parseKeyValues(text: string, what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid ${what} "${part}": expected key=value`);
    result[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return result;
}

export function parseEnv(entries: readonly string[]): EnvVar[] {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid env: ${entry}`);
    return { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
  });
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${text}": must be an integer between 0 and 65535`);
  return port;
}

export function buildRunPod(opts: RunOptions): Pod {
  const container: Container = { image: opts.image, name: opts.name, resources: {} };
  if (opts.args.length > 0) {
    if (opts.command) container.command = [...opts.args];
    else container.args = [...opts.args];
  }
  if (opts.env.length > 0) container.env = parseEnv(opts.env);
  if (opts.port !== undefined && opts.port > 0) container.ports = [{ containerPort: opts.port }];
  const labels = opts.labels && Object.keys(opts.labels).length > 0 ? { ...opts.labels } : { run: opts.name };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels, name: opts.name },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: opts.restart },
    status: {},
  };
  if (opts.namespace) pod.metadata.namespace = opts.namespace;
  return pod;
}

/**
 * `flotilla/nginx:1.22` -> `nginx`: the last path element without tag or
 * digest, underscores made dashes so it is a valid container name.
 */
export function containerNameForImage(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0].replace(/_/g, '-');
}

export interface CreateDeploymentOptions {
  name: string;
  images: string[];
  namespace?: string;
  replicas: number;
  port?: number;
  command: string[];
}

export function buildDeployment(opts: CreateDeploymentOptions): Deployment {
  const labels = { app: opts.name };
  const used = new Set<string>();
  const containers: Container[] = opts.images.map((image, i) => {
    let name = containerNameForImage(image);
    // Two images with the same base name still need distinct container names.
    if (used.has(name)) name = `${name}-${i}`;
    used.add(name);
    const container: Container = { image, name, resources: {} };
    if (opts.command.length > 0) container.command = [...opts.command];
    return container;
  });
  if (opts.port !== undefined && opts.port >= 0 && containers.length > 0) {
    containers[0].ports = [{ containerPort: opts.port }];
  }
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels: { ...labels }, name: opts.name },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { labels: { ...labels } }, spec: { containers } },
    },
    status: {},
  };
  if (opts.namespace) deployment.metadata.namespace = opts.namespace;
  return deployment;
}
