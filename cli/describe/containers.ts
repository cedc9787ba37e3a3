// The container and volume sections shared by pods and pod templates.
import type { Container, ContainerState, ContainerStatus, EnvVar, Probe, Volume } from '../../api/types/pod.js';
import { DescribeWriter, rfc1123z } from './describe-writer.js';

function portsText(container: Container, host: boolean): string {
  return (container.ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
}

function writePorts(w: DescribeWriter, container: Container): void {
  const ports = portsText(container, false);
  w.line(2, ports.includes(',') ? `Ports:\t${ports}` : `Port:\t${ports || '<none>'}`);
  const hostPorts = portsText(container, true);
  w.line(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}` : `Host Port:\t${hostPorts || '<none>'}`);
}

function writeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.line(2, `${title}:\tRunning`);
    w.line(3, `Started:\t${rfc1123z(state.running.startedAt)}`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.line(2, `${title}:\tTerminated`);
    if (t.reason) w.line(3, `Reason:\t${t.reason}`);
    if (t.message) w.line(3, `Message:\t${t.message}`);
    w.line(3, `Exit Code:\t${t.exitCode}`);
    if (t.signal) w.line(3, `Signal:\t${t.signal}`);
    w.line(3, `Started:\t${rfc1123z(t.startedAt)}`);
    w.line(3, `Finished:\t${rfc1123z(t.finishedAt)}`);
  } else {
    w.line(2, `${title}:\tWaiting`);
    if (state?.waiting?.reason) w.line(3, `Reason:\t${state.waiting.reason}`);
  }
}

/** `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`, as kubectl describes a probe. */
export function probeText(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s ` +
    `#success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const scheme = (g.scheme ?? 'HTTP').toLowerCase();
    const host = g.host ?? '';
    const hostPort = String(g.port) === '' ? host : `${host.includes(':') ? `[${host}]` : host}:${g.port}`;
    return `http-get ${scheme}://${hostPort}${g.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port} ${attrs}`;
  return `unknown ${attrs}`;
}

function envValue(env: EnvVar): string {
  if (env.value !== undefined) return env.value;
  const from = env.valueFrom;
  if (from?.fieldRef) return ` (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`;
  if (from?.resourceFieldRef) return ` (${from.resourceFieldRef.containerName ?? ''}:${from.resourceFieldRef.resource})`;
  if (from?.configMapKeyRef) {
    return `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${from.configMapKeyRef.optional === true}`;
  }
  if (from?.secretKeyRef) {
    return `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${from.secretKeyRef.optional === true}`;
  }
  return '';
}

function writeEnv(w: DescribeWriter, container: Container): void {
  const env = container.env ?? [];
  if (env.length === 0) {
    w.line(2, 'Environment:\t<none>');
    return;
  }
  w.line(2, 'Environment:');
  for (const e of env) {
    const lines = envValue(e).split('\n');
    w.line(3, `${e.name}:\t${lines[0]}`);
    for (const more of lines.slice(1)) w.line(3, `\t${more}`);
  }
}

function writeMounts(w: DescribeWriter, container: Container): void {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => a.mountPath.localeCompare(b.mountPath));
  if (mounts.length === 0) {
    w.line(2, 'Mounts:\t<none>');
    return;
  }
  w.line(2, 'Mounts:');
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.line(3, `${m.mountPath} from ${m.name} (${flags.join(',')})`);
  }
}

function writeResources(w: DescribeWriter, title: string, values: Record<string, string> | undefined): void {
  const names = Object.keys(values ?? {}).sort();
  if (names.length === 0) return;
  w.line(2, `${title}:`);
  for (const name of names) w.line(3, `${name}:\t${values![name]}`);
}

function writeLines(w: DescribeWriter, title: string, values: string[] | undefined): void {
  if (!values || values.length === 0) return;
  w.line(2, `${title}:`);
  for (const value of values) for (const part of value.split('\n')) w.line(3, part);
}

/**
 * `Containers:` (or `Init Containers:`) with one block per container;
 * `indent` is `"  "` inside a pod template, where names get one more space.
 */
export function writeContainers(
  w: DescribeWriter,
  title: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  indent = '',
): void {
  w.line(0, `${indent}${title}:${containers.length === 0 ? ' <none>' : ''}`);
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    w.line(1, `${indent ? ' ' : ''}${c.name}:`);
    if (status) w.line(2, `Container ID:\t${status.containerID ?? ''}`);
    w.line(2, `Image:\t${c.image ?? ''}`);
    if (status) w.line(2, `Image ID:\t${status.imageID ?? ''}`);
    writePorts(w, c);
    writeLines(w, 'Command', c.command);
    writeLines(w, 'Args', c.args);
    if (status) {
      writeState(w, 'State', status.state);
      if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
      w.line(2, `Ready:\t${status.ready ? 'True' : 'False'}`);
      w.line(2, `Restart Count:\t${status.restartCount ?? 0}`);
    }
    writeResources(w, 'Limits', c.resources?.limits);
    writeResources(w, 'Requests', c.resources?.requests);
    if (c.livenessProbe) w.line(2, `Liveness:\t${probeText(c.livenessProbe)}`);
    if (c.readinessProbe) w.line(2, `Readiness:\t${probeText(c.readinessProbe)}`);
    if (c.startupProbe) w.line(2, `Startup:\t${probeText(c.startupProbe)}`);
    writeEnv(w, c);
    writeMounts(w, c);
  }
}

export function writeVolumes(w: DescribeWriter, volumes: readonly Volume[] | undefined, indent = ''): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.line(0, `${indent}Volumes:\t<none>`);
    return;
  }
  w.line(0, `${indent}Volumes:`);
  for (const v of list) {
    w.line(1, `${indent ? ' ' : ''}${v.name}:`);
    if (v.hostPath) {
      w.line(2, 'Type:\tHostPath (bare host directory volume)');
      w.line(2, `Path:\t${v.hostPath.path}`);
      w.line(2, `HostPathType:\t${v.hostPath.type === undefined ? '<none>' : v.hostPath.type}`);
    } else if (v.emptyDir) {
      w.line(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
      w.line(2, `Medium:\t${v.emptyDir.medium ?? ''}`);
      w.line(2, `SizeLimit:\t${v.emptyDir.sizeLimit || '<unset>'}`);
    } else {
      w.line(1, '<unknown>');
    }
  }
}
