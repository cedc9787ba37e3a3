// A container's environment as Kubernetes builds it: envFrom ConfigMaps and
// Secrets, literal values, fieldRef lookups on the pod, ConfigMap and Secret
// keys, and $(VAR) expansion of earlier variables.
import type { ConfigMap, Container, EnvVar, Pod, Secret } from '../../api/types/index.js';

export class EnvConfigError extends Error {}

/** The value a downward-API fieldPath names, or an EnvConfigError. */
export function fieldPathValue(pod: Pod, fieldPath: string): string {
  const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (labelOrAnnotation) {
    const map = labelOrAnnotation[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[labelOrAnnotation[2]] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
    default:
      throw new EnvConfigError(`unsupported fieldPath "${fieldPath}"`);
  }
}

/**
 * Replaces $(NAME) with the variable's value when it is defined; `$$` is an
 * escaped `$`; unknown references are kept as written, as Kubernetes does.
 */
export function expandVars(text: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close > 0) {
        const name = text.slice(i + 2, close);
        const value = vars.get(name);
        out += value ?? text.slice(i, close + 1);
        i = close;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** The ConfigMaps and Secrets a container's environment names, already read (absent: not found). */
export interface ConfigLookup {
  configMaps: ReadonlyMap<string, ConfigMap>;
  secrets: ReadonlyMap<string, Secret>;
  /** Services' variables (service-env.ts): there for $(VAR) references, overridden by the container's own. */
  serviceVars?: ReadonlyMap<string, string>;
}

/** envFrom keys skipped because they are not environment variable names, per source. */
export interface SkippedKeys {
  kind: 'configMap' | 'secret';
  name: string;
  keys: string[];
}

/** The kubelet's IsEnvVarName, which envFrom keys must pass. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The names of the ConfigMaps and Secrets a container's env and envFrom refer to. */
export function configRefs(container: Container): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) configMaps.add(from.configMapRef.name);
    if (from.secretRef) secrets.add(from.secretRef.name);
  }
  for (const env of container.env ?? []) {
    if (env.valueFrom?.configMapKeyRef) configMaps.add(env.valueFrom.configMapKeyRef.name);
    if (env.valueFrom?.secretKeyRef) secrets.add(env.valueFrom.secretKeyRef.name);
  }
  return { configMaps, secrets };
}

function decodeSecretData(secret: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) out[key] = Buffer.from(value, 'base64').toString('utf8');
  return out;
}

/** The missing-object error the kubelet reports, worded as its configmap and secret managers word it. */
function notFound(kind: 'configmap' | 'secret', name: string): EnvConfigError {
  return new EnvConfigError(`${kind} "${name}" not found`);
}

function envFromValues(pod: Pod, container: Container, lookup: ConfigLookup, vars: Map<string, string>): SkippedKeys[] {
  const skipped: SkippedKeys[] = [];
  for (const from of container.envFrom ?? []) {
    const source = from.configMapRef ? { kind: 'configMap' as const, ref: from.configMapRef } : from.secretRef ? { kind: 'secret' as const, ref: from.secretRef } : undefined;
    if (!source) continue;
    const name = source.ref.name;
    const obj = source.kind === 'configMap' ? lookup.configMaps.get(name) : lookup.secrets.get(name);
    if (!obj) {
      if (source.ref.optional === true) continue;
      throw notFound(source.kind === 'configMap' ? 'configmap' : 'secret', name);
    }
    const data = source.kind === 'configMap' ? ((obj as ConfigMap).data ?? {}) : decodeSecretData(obj as Secret);
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      const envName = `${from.prefix ?? ''}${key}`;
      if (ENV_VAR_NAME.test(envName)) vars.set(envName, value);
      else invalid.push(envName);
    }
    if (invalid.length > 0) skipped.push({ kind: source.kind, name: `${pod.metadata.namespace ?? ''}/${name}`, keys: invalid.sort() });
  }
  return skipped;
}

/** The value of one env entry; undefined when an optional reference resolves to nothing. */
function envValue(pod: Pod, env: EnvVar, vars: ReadonlyMap<string, string>, lookup: ConfigLookup): string | undefined {
  if (env.value !== undefined) return expandVars(env.value, vars);
  const source = env.valueFrom;
  if (!source) return '';
  if (source.fieldRef) return fieldPathValue(pod, source.fieldRef.fieldPath);
  const namespace = pod.metadata.namespace ?? '';
  if (source.configMapKeyRef) {
    const ref = source.configMapKeyRef;
    const cm = lookup.configMaps.get(ref.name);
    if (!cm) {
      if (ref.optional === true) return undefined;
      throw notFound('configmap', ref.name);
    }
    const value = cm.data?.[ref.key];
    if (value === undefined && ref.optional !== true) throw new EnvConfigError(`couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`);
    return value;
  }
  if (source.secretKeyRef) {
    const ref = source.secretKeyRef;
    const secret = lookup.secrets.get(ref.name);
    if (!secret) {
      if (ref.optional === true) return undefined;
      throw notFound('secret', ref.name);
    }
    const value = secret.data?.[ref.key];
    if (value === undefined && ref.optional !== true) throw new EnvConfigError(`couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`);
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  }
  throw new EnvConfigError(`env "${env.name}": resourceFieldRef is not supported by this agent yet`);
}

const NO_CONFIG: ConfigLookup = { configMaps: new Map(), secrets: new Map() };

/**
 * The variables as the kubelet builds them: Services' variables, then envFrom (keys that are not
 * variable names skipped and reported), then env in order, each able to refer
 * to the ones before it. Answers `NAME=value` strings, the map for expansion,
 * and the skipped keys.
 */
export function containerEnv(pod: Pod, container: Container, lookup: ConfigLookup = NO_CONFIG): { list: string[]; vars: Map<string, string>; skipped: SkippedKeys[] } {
  const vars = new Map<string, string>(lookup.serviceVars ?? []);
  const skipped = envFromValues(pod, container, lookup, vars);
  for (const env of container.env ?? []) {
    const value = envValue(pod, env, vars, lookup);
    if (value !== undefined) vars.set(env.name, value);
  }
  return { list: [...vars].map(([k, v]) => `${k}=${v}`), vars, skipped };
}

/** The upstream event text for keys envFrom skipped. */
export function skippedKeysMessage(skipped: SkippedKeys): string {
  return `Keys [${skipped.keys.join(', ')}] from the EnvFrom ${skipped.kind} ${skipped.name} were skipped since they are considered invalid environment variable names.`;
}
