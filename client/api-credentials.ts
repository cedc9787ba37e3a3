// What a client presents to the apiserver's gRPC port, as kubectl's global
// flags name it: the CA that signs the apiserver's certificate (and with it a
// TLS channel), a client certificate and key (X.509 identity: CN = user,
// O = groups), and a bearer token sent as `authorization` metadata on every call.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { PemFileError, readPemFile } from './pem-file.js';

export interface ApiCredentials {
  /** PEM: trusted to sign the apiserver's certificate; set, the channel is TLS. */
  certificateAuthority?: Buffer;
  /** PEM, presented in the TLS handshake; needs clientKey. */
  clientCertificate?: Buffer;
  clientKey?: Buffer;
  token?: string;
}

/** Where the credentials are: file paths, and the token itself (as kubectl's --token takes it). */
export interface CredentialFiles {
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  token?: string;
}

export type CredentialKey = keyof CredentialFiles;

/** How each credential is named in messages: its flag, or its key in a config file. */
export type CredentialNames = Record<CredentialKey, string>;

export const CREDENTIAL_FLAGS: CredentialNames = {
  certificateAuthority: '--certificate-authority',
  clientCertificate: '--client-certificate',
  clientKey: '--client-key',
  token: '--token',
};

/** A credential that cannot be used; the message names the flag (or config key) and the file. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/** The metadata key a bearer token travels under, as HTTP's Authorization header. */
export const AUTHORIZATION_METADATA_KEY = 'authorization';

/** RFC 6750's token characters: what fits a header value without quoting. */
const TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

function readCredentialFile(path: string, name: string): Buffer {
  try {
    return readPemFile(name, path);
  } catch (err) {
    throw err instanceof PemFileError ? new CredentialsError(err.message) : err;
  }
}

function parsed<T>(name: string, path: string, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new CredentialsError(`${name} file "${path}" does not hold ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The client pair parses and belongs together (checkApiCredentials has seen both are there). */
function checkClientPair(files: CredentialFiles, creds: ApiCredentials, names: CredentialNames): void {
  const { clientCertificate: certPath, clientKey: keyPath } = files;
  const { clientCertificate: certBytes, clientKey: keyBytes } = creds;
  if (certPath === undefined || keyPath === undefined || certBytes === undefined || keyBytes === undefined) return;
  const cert = parsed(names.clientCertificate, certPath, 'a PEM certificate', () => new X509Certificate(certBytes));
  const key = parsed(names.clientKey, keyPath, 'a PEM private key', () => createPrivateKey(keyBytes));
  if (!cert.checkPrivateKey(key)) {
    throw new CredentialsError(`${names.clientKey} file "${keyPath}" is not the private key of ${names.clientCertificate} file "${certPath}"`);
  }
}

/**
 * The rules every set of credentials must pass, however it was built: gRPC sends
 * neither a client certificate nor call credentials over a plaintext channel, so
 * either without a CA would be dropped silently.
 */
export function checkApiCredentials(creds: ApiCredentials, names: CredentialNames = CREDENTIAL_FLAGS): void {
  if (creds.clientKey !== undefined && creds.clientCertificate === undefined) {
    throw new CredentialsError(`${names.clientKey} is given without ${names.clientCertificate}: a client key needs its certificate`);
  }
  if (creds.clientCertificate !== undefined && creds.clientKey === undefined) {
    throw new CredentialsError(`${names.clientCertificate} is given without ${names.clientKey}: a client certificate needs its private key`);
  }
  if (creds.token !== undefined && !TOKEN_PATTERN.test(creds.token)) {
    throw new CredentialsError(`${names.token} is not a bearer token: use letters, digits and -._~+/ only (no spaces or line breaks)`);
  }
  if (creds.certificateAuthority !== undefined) return;
  if (creds.token !== undefined) {
    throw new CredentialsError(`${names.token} needs ${names.certificateAuthority}: a bearer token is sent only over TLS, and the channel is plaintext without a CA`);
  }
  if (creds.clientCertificate !== undefined) {
    throw new CredentialsError(`${names.clientCertificate} needs ${names.certificateAuthority}: a client certificate is presented only over TLS, and the channel is plaintext without a CA`);
  }
}

/** Reads the files `files` names; every problem is a CredentialsError naming the flag (or key) and the file. */
export function loadApiCredentials(files: CredentialFiles, names: CredentialNames = CREDENTIAL_FLAGS): ApiCredentials {
  const creds: ApiCredentials = {};
  if (files.certificateAuthority !== undefined) {
    const path = files.certificateAuthority;
    const ca = readCredentialFile(path, names.certificateAuthority);
    parsed(names.certificateAuthority, path, 'a PEM certificate', () => new X509Certificate(ca));
    creds.certificateAuthority = ca;
  }
  if (files.clientCertificate !== undefined) creds.clientCertificate = readCredentialFile(files.clientCertificate, names.clientCertificate);
  if (files.clientKey !== undefined) creds.clientKey = readCredentialFile(files.clientKey, names.clientKey);
  if (files.token !== undefined) creds.token = files.token;
  checkApiCredentials(creds, names);
  checkClientPair(files, creds, names);
  return creds;
}

function bearerTokenCredentials(token: string): grpc.CallCredentials {
  const header = `Bearer ${token}`;
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new grpc.Metadata();
    metadata.set(AUTHORIZATION_METADATA_KEY, header);
    callback(null, metadata);
  });
}

/**
 * The TLS server name sent to an apiserver reached by IP address. grpc-js would
 * send the address itself, which TLS forbids (Node warns on every process
 * start); the certificate is still checked against the address.
 */
export const IP_TARGET_SERVER_NAME = 'kubernetes';

/** What a gRPC channel to the apiserver is built from. */
export interface ApiChannel {
  credentials: grpc.ChannelCredentials;
  options: grpc.ChannelOptions;
}

/** The host of a `host:port` or `[v6]:port` address when it is an IP literal. */
export function ipHostOf(address: string): string | undefined {
  const match = /^\[?([^\]]*?)\]?:\d+$/.exec(address);
  const host = match?.[1];
  return host !== undefined && isIP(host) !== 0 ? host : undefined;
}

function tlsCredentials(address: string, creds: ApiCredentials & { certificateAuthority: Buffer }): ApiChannel {
  const ip = ipHostOf(address);
  const verify = ip === undefined ? {} : { checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(ip, cert) };
  const tls = grpc.credentials.createSsl(creds.certificateAuthority, creds.clientKey ?? null, creds.clientCertificate ?? null, verify);
  return {
    credentials: creds.token === undefined ? tls : grpc.credentials.combineChannelCredentials(tls, bearerTokenCredentials(creds.token)),
    options: ip === undefined ? {} : { 'grpc.ssl_target_name_override': IP_TARGET_SERVER_NAME },
  };
}

/** The channel `creds` imply at `address`: plaintext without a CA (as before credentials existed), else TLS, with the token on every call. */
export function apiChannel(address: string, creds: ApiCredentials = {}): ApiChannel {
  checkApiCredentials(creds);
  const { certificateAuthority } = creds;
  if (certificateAuthority === undefined) return { credentials: grpc.credentials.createInsecure(), options: {} };
  return tlsCredentials(address, { ...creds, certificateAuthority });
}
