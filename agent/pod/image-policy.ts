// imagePullPolicy as Kubernetes applies it, with the kubelet's reasons:
// ErrImagePull, ImagePullBackOff, ErrImageNeverPull.
import type { Container } from '../../api/types/index.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Reasons a container waits on its image; the message goes into the status. */
export class ImageError extends Error {
  constructor(
    readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
    /** How long until another pull may be tried. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An image reference's tag, or undefined when it has none (digests count as pinned). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > lastSlash ? image.slice(colon + 1) : undefined;
}

export function pullPolicyOf(container: Container): PullPolicy {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = imageTag(image);
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
