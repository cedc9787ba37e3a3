// The node's serving certificate from the cluster, as the kubelet's
// serverTLSBootstrap does (--rotate-server-certificates): once the Node is
// registered, the agent asks, with its own node credentials, for a
// kubernetes.io/kubelet-serving certificate for its name and addresses, waits
// for approval and signing, keeps it in <state-dir>/pki, and asks again when
// most of its lifetime has passed. The streaming and health ports take it
// from the slot; until the first one arrives they refuse every handshake.
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { csrObject, newKeyAndRequest, nodeSubject, type AltNames } from '../../api/certificates/key-request.js';
import { issuedCertificatePem } from '../../api/certificates/issued-certificate.js';
import { KUBELET_SERVING_SIGNER, NODE_USER_PREFIX } from '../../api/certificates/names.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest, KeyUsage } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import type { KeyPair, ServingCertificateSlot } from '../../client/serving-certificate-slot.js';
import { timerDelay } from '../../client/timer-delay.js';

export const PKI_SUBDIR = 'pki';
export const SERVING_CERT_FILE = 'kubelet-server.crt';
export const SERVING_KEY_FILE = 'kubelet-server.key';
/** How long one request waits for approval and signing before the agent gives it up and asks anew (the kubelet's certificate manager waits as long). */
export const SERVING_CERTIFICATE_WAIT_MS = 15 * 60 * 1000;
/** How often a waiting request is read back. */
const POLL_INTERVAL_MS = 1_000;
/** After a request was refused, timed out or could not be made, the next one waits this long. */
const RETRY_DELAY_MS = 30_000;
/** A certificate is renewed once this share of its lifetime has passed (the kubelet picks 70-90%). */
const ROTATION_FRACTION = 0.8;
/** An EC key enciphers nothing: digital signature and server auth, as the kubelet asks for ECDSA keys. */
const SERVING_USAGES: readonly KeyUsage[] = ['digital signature', 'server auth'];
const NAME_PREFIX = 'kubelet-serving-';
const NAME_SUFFIX_BYTES = 6;
const KEY_FILE_MODE = 0o600;

/** Nobody approved or signed the request in time; the next request starts over. */
export class CertificateWaitTimeoutError extends Error {
  override readonly name = 'CertificateWaitTimeoutError';
}

/** When the certificate should be replaced: ROTATION_FRACTION into its validity. */
export function rotationDeadlineMs(certPem: Buffer | string): number {
  const cert = new X509Certificate(certPem);
  const from = Date.parse(cert.validFrom);
  return from + ROTATION_FRACTION * (Date.parse(cert.validTo) - from);
}

function certificateNames(cert: X509Certificate): Set<string> {
  // Node prints them as "DNS:a, IP Address:1.2.3.4".
  return new Set((cert.subjectAltName ?? '').split(', ').map((entry) => entry.replace(/^(DNS|IP Address):/, '')));
}

/** Why a stored certificate cannot serve this node (any more), or undefined when it can. */
export function storedCertificateProblem(pair: KeyPair, nodeName: string, names: AltNames, ca: Buffer, nowMs: number): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pair.cert);
    if (!cert.checkPrivateKey(createPrivateKey(pair.key))) return 'the key does not belong to the certificate';
  } catch (err) {
    return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!cert.verify(new X509Certificate(ca).publicKey)) return 'not signed by the cluster CA';
  if (!cert.subject.split('\n').includes(`CN=${NODE_USER_PREFIX}${nodeName}`)) return `not for ${NODE_USER_PREFIX}${nodeName}`;
  const have = certificateNames(cert);
  const missing = [...(names.dns ?? []), ...(names.ips ?? [])].filter((n) => !have.has(n));
  if (missing.length > 0) return `does not name ${missing.join(', ')}`;
  if (nowMs >= rotationDeadlineMs(pair.cert)) return 'due for renewal';
  return undefined;
}

export interface ServingCertificateOptions {
  /** The node's own client: the request's requestor must be the node. */
  client: ApiClient;
  nodeName: string;
  stateDir: string;
  /** What the node reports of itself (its name, hostname, InternalIP): all the approver lets it have. */
  names: AltNames;
  slot: ServingCertificateSlot;
  logger: Logger;
  now?: () => number;
}

export class ServingCertificateManager {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly dir: string;

  constructor(private readonly opts: ServingCertificateOptions) {
    this.now = opts.now ?? Date.now;
    this.dir = join(opts.stateDir, PKI_SUBDIR);
  }

  /** Serves a stored certificate that still fits at once, so a restarted agent needs no new approval. */
  async loadStored(): Promise<void> {
    const files = { cert: join(this.dir, SERVING_CERT_FILE), key: join(this.dir, SERVING_KEY_FILE) };
    const pair = await Promise.all([readFile(files.cert), readFile(files.key)]).then(
      ([cert, key]) => ({ cert, key }),
      () => undefined,
    );
    if (!pair) return;
    const problem = storedCertificateProblem(pair, this.opts.nodeName, this.opts.names, this.opts.slot.clientCa, this.now());
    if (problem) {
      this.opts.logger.info({ file: files.cert, problem }, 'stored serving certificate not used; asking for a new one');
      return;
    }
    this.opts.slot.set(pair);
    this.opts.logger.info({ file: files.cert }, 'serving the stored serving certificate');
  }

  /** Asks for the certificate (the Node must be registered) and renews it in the background until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const current = this.opts.slot.certificate;
      const wait = current ? rotationDeadlineMs(current.cert) - this.now() : 0;
      try {
        if (wait > 0) {
          await sleep(timerDelay(wait), undefined, { signal });
          continue;
        }
        const pair = await this.obtain(signal);
        await this.store(pair);
        this.opts.slot.set(pair);
      } catch (err) {
        if (signal.aborted) return;
        this.opts.logger.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: RETRY_DELAY_MS }, 'no serving certificate; asking again later');
        await sleep(RETRY_DELAY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** One request, from a fresh key to the issued certificate. */
  private async obtain(signal: AbortSignal): Promise<KeyPair> {
    const { keyPem, requestPem } = await newKeyAndRequest(nodeSubject(this.opts.nodeName), this.opts.names);
    const name = `${NAME_PREFIX}${randomBytes(NAME_SUFFIX_BYTES).toString('hex')}`;
    await this.opts.client.create(resources.certificateSigningRequests, csrObject(name, requestPem, KUBELET_SERVING_SIGNER, SERVING_USAGES));
    this.opts.logger.info(
      { csr: name, names: this.opts.names },
      `waiting for approval of CSR ${name} (controller-manager --approve-kubelet-serving, or: kubectl certificate approve ${name})`,
    );
    const deadline = this.now() + SERVING_CERTIFICATE_WAIT_MS;
    for (;;) {
      const csr = await this.opts.client.get<CertificateSigningRequest>(resources.certificateSigningRequests, '', name);
      const pem = issuedCertificatePem(csr);
      if (pem !== undefined) {
        this.opts.logger.info({ csr: name, notAfter: new X509Certificate(pem).validTo }, 'serving certificate issued');
        return { cert: Buffer.from(pem), key: Buffer.from(keyPem) };
      }
      if (this.now() >= deadline) {
        throw new CertificateWaitTimeoutError(`the CertificateSigningRequest ${name} was not issued within ${SERVING_CERTIFICATE_WAIT_MS / 1000}s: approve it with kubectl certificate approve ${name}`);
      }
      await sleep(POLL_INTERVAL_MS, undefined, { signal });
    }
  }

  /** Each file through a rename: a crash leaves whole files, and a key of another certificate is caught by loadStored. */
  private async store(pair: KeyPair): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [file, data, mode] of [[SERVING_KEY_FILE, pair.key, KEY_FILE_MODE], [SERVING_CERT_FILE, pair.cert, 0o644]] as const) {
      const path = join(this.dir, file);
      await writeFile(`${path}.tmp`, data, { mode });
      await rename(`${path}.tmp`, path);
    }
  }
}
