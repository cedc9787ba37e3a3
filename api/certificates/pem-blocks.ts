// PEM text as CSRs carry it: the request in spec.request and the issued chain
// in status.certificate, both base64 of PEM in JSON.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { x509 } from './x509-library.js';

export const CERTIFICATE_REQUEST_BLOCK = 'CERTIFICATE REQUEST';
export const CERTIFICATE_BLOCK = 'CERTIFICATE';

export interface PemBlock {
  type: string;
  der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

/** Every well-formed PEM block of the text, in order. */
export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') }));
}

export function toPem(type: string, der: ArrayBuffer | Buffer): string {
  const body = Buffer.from(der as ArrayBuffer).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
}

/** base64 (as JSON carries bytes) to text; undefined when it is not base64. */
export function decodeBase64Text(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * The PKCS#10 request in spec.request, or why it is not one, in Kubernetes'
 * words (`PEM block type must be CERTIFICATE REQUEST`).
 */
export function parseCertificateRequest(pem: string): Pkcs10CertificateRequest | string {
  const [block] = pemBlocks(pem);
  if (!block || block.type !== CERTIFICATE_REQUEST_BLOCK) return `PEM block type must be ${CERTIFICATE_REQUEST_BLOCK}`;
  try {
    const { Pkcs10CertificateRequest: Request } = x509();
    return new Request(block.der);
  } catch (err) {
    return `x509: malformed certificate request: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Why status.certificate is not a chain of certificates, or undefined when it is. */
export function certificateChainProblem(pem: string): string | undefined {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) return 'must contain at least one CERTIFICATE PEM block';
  const { X509Certificate: Certificate } = x509();
  for (const [i, block] of blocks.entries()) {
    if (block.type !== CERTIFICATE_BLOCK) return `only CERTIFICATE PEM blocks are allowed, found "${block.type}"`;
    try {
      new Certificate(block.der);
    } catch (err) {
      return `failed to parse certificate ${i + 1}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return undefined;
}
