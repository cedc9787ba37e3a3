// A serving certificate that arrives after the port is open, and may be
// replaced while it serves (the kubelet's serverTLSBootstrap and rotation):
// until the first one is set, TLS handshakes fail, so nobody ever reaches the
// port without TLS. gRPC servers read it as a certificate provider; an
// HTTPS server follows it through onChange.
import type { experimental } from '@grpc/grpc-js';

type CertificateProvider = experimental.CertificateProvider;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

export class ServingCertificateSlot implements CertificateProvider {
  private current: KeyPair | undefined;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly changeListeners = new Set<(pair: KeyPair) => void>();

  /** `clientCa`: the CA client certificates must chain to; it never changes here. */
  constructor(readonly clientCa: Buffer) {}

  get certificate(): KeyPair | undefined {
    return this.current;
  }

  set(pair: KeyPair): void {
    this.current = pair;
    for (const listener of this.identityListeners) listener({ certificate: pair.cert, privateKey: pair.key });
    for (const listener of this.changeListeners) listener(pair);
  }

  onChange(listener: (pair: KeyPair) => void): void {
    this.changeListeners.add(listener);
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    this.later(this.caListeners, listener, () => ({ caCertificate: this.clientCa }));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    this.later(this.identityListeners, listener, () => (this.current ? { certificate: this.current.cert, privateKey: this.current.key } : null));
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }

  /**
   * The current value for a new listener, after the caller's synchronous code:
   * grpc-js registers its server's watcher only after the provider listeners,
   * so a value delivered at once would reach no watcher and the server would
   * drop every connection until the next change.
   */
  private later<T>(listeners: ReadonlySet<(value: T) => void>, listener: (value: T) => void, value: () => T): void {
    queueMicrotask(() => {
      if (listeners.has(listener)) listener(value());
    });
  }
}

/** The TLS of a port whose certificate comes later, from the slot. */
export interface DeferredServingTls {
  clientCa: Buffer;
  slot: ServingCertificateSlot;
}
