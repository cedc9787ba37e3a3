// How one provider of kube-apiserver's encryption configuration turns a stored
// value into its at-rest bytes and back. `context` is the etcd key: AES-GCM
// authenticates it, so a ciphertext copied under another key does not read.

export interface ValueTransformer {
  /** The bytes etcd keeps, prefix included. */
  toStorage(plain: Buffer, context: string): Buffer;
  /** The plain bytes of a value this transformer wrote (prefix included). */
  fromStorage(stored: Buffer, context: string): Buffer;
}

/** What every encrypted value starts with; a value without it was written in plain. */
export const ENCRYPTED_PREFIX = 'k8s:enc:';

/** `k8s:enc:<provider>:v1:<key name>:` as kube-apiserver writes it. */
export function keyPrefix(provider: string, keyName: string): string {
  return `${ENCRYPTED_PREFIX}${provider}:v1:${keyName}:`;
}

/** A stored value that no configured provider can read; the read fails rather than serve garbage. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
}
