// A container's environment as Kubernetes builds it: literal values, fieldRef
// lookups on the pod, and $(VAR) expansion of earlier variables.
import type { Container, EnvVar, Pod } from '../../api/types/index.js';

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

function envValue(pod: Pod, env: EnvVar, vars: ReadonlyMap<string, string>): string {
  if (env.value !== undefined) return expandVars(env.value, vars);
  const source = env.valueFrom;
  if (!source) return '';
  if (source.fieldRef) return fieldPathValue(pod, source.fieldRef.fieldPath);
  const kind = source.configMapKeyRef ? 'configMapKeyRef' : source.secretKeyRef ? 'secretKeyRef' : 'resourceFieldRef';
  throw new EnvConfigError(`env "${env.name}": ${kind} is not supported by this agent yet`);
}

/** The variables in order, as `NAME=value` strings and as a map for expansion. */
export function containerEnv(pod: Pod, container: Container): { list: string[]; vars: Map<string, string> } {
  const vars = new Map<string, string>();
  for (const env of container.env ?? []) vars.set(env.name, envValue(pod, env, vars));
  return { list: [...vars].map(([k, v]) => `${k}=${v}`), vars };
}
