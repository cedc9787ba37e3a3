// Kubernetes' ServiceAccount admission on pod create: a pod runs as the
// `default` account unless it names one, the account must exist, and unless
// the pod or the account opts out (automountServiceAccountToken: false) every
// container mounts a projected `kube-api-access-<random>` volume holding a
// token for it, the cluster CA and the namespace at the path in-cluster
// clients read.
import { randomInt } from 'node:crypto';
import { ApiError } from '../../../api/errors.js';
import { DEFAULT_SERVICE_ACCOUNT, ROOT_CA_CONFIG_MAP, ROOT_CA_KEY } from '../../../api/kinds/serviceaccount.js';
import { resources } from '../../../api/resources.js';
import type { Container, KubeObject, ServiceAccount, Volume, VolumeMount } from '../../../api/types/index.js';
import { isRecord } from '../../../api/validation/values.js';
import type { RegistryContext } from '../context.js';
import { lookupObject } from '../stored-object.js';

export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** An hour plus seven seconds, as upstream, so the token's lifetime tells it apart from others. */
export const MOUNTED_TOKEN_EXPIRATION_SECONDS = 3607;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** The alphabet and length of apimachinery's SimpleNameGenerator. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const DEFAULT_MODE = 0o644;

export function randomSuffix(): string {
  return Array.from({ length: RANDOM_LENGTH }, () => NAME_ALPHABET[randomInt(NAME_ALPHABET.length)]).join('');
}

/** The pod's own choice wins, then the account's; mounted by default. */
export function shouldAutomount(pod: KubeObject, account: ServiceAccount): boolean {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof account.automountServiceAccountToken === 'boolean') return account.automountServiceAccountToken;
  return true;
}

export function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: MOUNTED_TOKEN_EXPIRATION_SECONDS } },
        { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: ROOT_CA_KEY, path: ROOT_CA_KEY }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: DEFAULT_MODE,
    },
  };
}

function containersOf(spec: Record<string, unknown>, field: 'initContainers' | 'containers'): Container[] {
  const list = spec[field];
  return Array.isArray(list) ? (list.filter(isRecord) as unknown as Container[]) : [];
}

/**
 * Mounts the token volume in every container that has nothing at the token
 * path, and adds the volume when one did; an existing kube-api-access volume
 * is reused. `suffix` picks the name of a new one.
 */
export function mountTokenVolume(pod: KubeObject, suffix: string): void {
  if (!isRecord(pod.spec)) return;
  const spec = pod.spec;
  const volumes: Volume[] = Array.isArray(spec.volumes) ? (spec.volumes as Volume[]) : [];
  const existing = volumes.find((v) => isRecord(v) && typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name = existing?.name ?? `${TOKEN_VOLUME_PREFIX}${suffix}`;
  const mount: VolumeMount = { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH };
  let needed = false;
  for (const container of [...containersOf(spec, 'initContainers'), ...containersOf(spec, 'containers')]) {
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    if (mounts.some((m) => isRecord(m) && m.mountPath === TOKEN_MOUNT_PATH)) continue;
    container.volumeMounts = [...mounts, { ...mount }];
    needed = true;
  }
  if (!existing && needed) spec.volumes = [...volumes, tokenVolume(name)];
}

function missingAccount(pod: KubeObject, namespace: string, account: string): ApiError {
  const why = `error looking up service account ${namespace}/${account}: serviceaccount "${account}" not found`;
  return new ApiError('Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: ${why}`, { name: pod.metadata.name ?? '', kind: 'pods' });
}

/** `namespace` is the one the pod is created in: a body may leave it to the URL, as `kubectl run` does. */
export async function admitServiceAccount(ctx: RegistryContext, pod: KubeObject, namespace: string): Promise<void> {
  if (!ctx.serviceAccountAdmission) return;
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  // A spec of the wrong shape is validation's to report.
  if (!isRecord(pod.spec)) return;
  const given = pod.spec.serviceAccountName;
  if (given !== undefined && given !== null && typeof given !== 'string') return;
  // v1's deprecated alias names the account when serviceAccountName does not, as upstream's conversion reads it.
  const alias = typeof pod.spec.serviceAccount === 'string' ? pod.spec.serviceAccount : '';
  const accountName = given || alias || DEFAULT_SERVICE_ACCOUNT;
  pod.spec.serviceAccountName = accountName;
  const found = await lookupObject(ctx, resources.serviceAccounts, namespace, accountName);
  if (!found) throw missingAccount(pod, namespace, accountName);
  if (shouldAutomount(pod, found as ServiceAccount)) mountTokenVolume(pod, randomSuffix());
}
