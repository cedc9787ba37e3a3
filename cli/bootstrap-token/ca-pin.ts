// The pin a joining node checks the cluster CA against, as kubeadm's
// --discovery-token-ca-cert-hash: `sha256:` of the certificate's DER
// SubjectPublicKeyInfo. Hashing the key rather than the certificate keeps the
// pin valid when the CA is re-issued with the same key.
import { createHash, type X509Certificate } from 'node:crypto';

export const CA_PIN_PREFIX = 'sha256:';

export function spkiPin(cert: X509Certificate): string {
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return `${CA_PIN_PREFIX}${createHash('sha256').update(spki).digest('hex')}`;
}

/** The pin in its canonical form (lower-case hex), or undefined when it is not `sha256:` and 64 hex digits. */
export function normalizePin(pin: string): string | undefined {
  const match = /^sha256:([0-9a-fA-F]{64})$/.exec(pin.trim());
  return match ? `${CA_PIN_PREFIX}${match[1].toLowerCase()}` : undefined;
}

/** The first certificate of `chain` whose key the pin names. */
export function findPinned(chain: readonly X509Certificate[], pin: string): X509Certificate | undefined {
  return chain.find((cert) => spkiPin(cert) === pin);
}
