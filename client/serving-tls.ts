// The serving side's TLS flags (kube-scheduler's and kubelet's names): with a
// certificate, its key and a client CA, a component's ports speak TLS and
// know who calls by the client certificate; with none of them, plain as before.
import type { Command } from 'commander';
import { readPemFile } from './pem-file.js';

export interface ServingTlsFiles {
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  clientCaFile: string;
}

/** The PEM contents the files name. */
export interface ServingTls {
  cert: Buffer;
  key: Buffer;
  /** Client certificates must chain to one of these CAs. */
  clientCa: Buffer;
}

export const NO_SERVING_TLS: ServingTlsFiles = { tlsCertFile: '', tlsPrivateKeyFile: '', clientCaFile: '' };

export function addServingTlsFlags(program: Command, ports: string): Command {
  return program
    .option('--tls-cert-file <file>', `serving certificate (PEM) of ${ports}; with --tls-private-key-file and --client-ca-file they speak TLS`, '')
    .option('--tls-private-key-file <file>', 'private key (PEM) of --tls-cert-file', '')
    .option('--client-ca-file <file>', 'CA (PEM) that client certificates must chain to; everything but /healthz, /livez, /readyz needs one', '');
}

/** Reads what addServingTlsFlags added from `program.opts()`. */
export function readServingTlsFlags(o: Readonly<Partial<Record<keyof ServingTlsFiles, unknown>>>): ServingTlsFiles {
  return {
    tlsCertFile: (o.tlsCertFile as string | undefined) ?? '',
    tlsPrivateKeyFile: (o.tlsPrivateKeyFile as string | undefined) ?? '',
    clientCaFile: (o.clientCaFile as string | undefined) ?? '',
  };
}

/**
 * Whether the three flags ask for TLS. Some but not all of them is refused:
 * a certificate without a client CA would serve a port nobody can authenticate
 * to, and a client CA without a certificate would be silently ignored.
 */
export function wantsServingTls(files: ServingTlsFiles): boolean {
  const given = [files.tlsCertFile, files.tlsPrivateKeyFile, files.clientCaFile].filter(Boolean).length;
  if (given === 0) return false;
  if (given === 3) return true;
  throw new Error('--tls-cert-file, --tls-private-key-file and --client-ca-file go together: give all three to serve TLS with client certificates, or none for plain HTTP');
}

/** The files' contents, or undefined when no TLS is asked for; a file that is missing or not PEM is a PemFileError naming its flag. */
export async function loadServingTls(files: ServingTlsFiles): Promise<ServingTls | undefined> {
  if (!wantsServingTls(files)) return undefined;
  return {
    cert: readPemFile('--tls-cert-file', files.tlsCertFile),
    key: readPemFile('--tls-private-key-file', files.tlsPrivateKeyFile),
    clientCa: readPemFile('--client-ca-file', files.clientCaFile),
  };
}
