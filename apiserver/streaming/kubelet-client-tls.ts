// How the apiserver reaches agents: plaintext without the kubelet-client
// flags, else TLS with its own client certificate, checking each agent's
// serving certificate against the given CA (never skipping the check, as
// kube-apiserver does without --kubelet-certificate-authority).
import { loadApiCredentials, type ApiCredentials, type CredentialNames } from '../../client/api-credentials.js';

export interface KubeletClientFiles {
  kubeletClientCertificate: string;
  kubeletClientKey: string;
  kubeletCertificateAuthority: string;
}

/** How the files are named in messages: kube-apiserver's flags. */
const KUBELET_CLIENT_FLAGS: CredentialNames = {
  certificateAuthority: '--kubelet-certificate-authority',
  clientCertificate: '--kubelet-client-certificate',
  clientKey: '--kubelet-client-key',
  token: '--kubelet-client-token',
};

export function wantsKubeletClientTls(files: KubeletClientFiles): boolean {
  const given = [files.kubeletClientCertificate, files.kubeletClientKey, files.kubeletCertificateAuthority].filter(Boolean).length;
  if (given === 0) return false;
  if (given === 3) return true;
  throw new Error(
    '--kubelet-client-certificate, --kubelet-client-key and --kubelet-certificate-authority go together: agents with TLS need both the certificate and a CA to check theirs',
  );
}

/** The credentials towards agents; empty (plaintext) without the flags. A file that is missing, not PEM or a key of another certificate stops the start. */
export function loadKubeletClientCredentials(files: KubeletClientFiles): ApiCredentials {
  if (!wantsKubeletClientTls(files)) return {};
  return loadApiCredentials(
    { certificateAuthority: files.kubeletCertificateAuthority, clientCertificate: files.kubeletClientCertificate, clientKey: files.kubeletClientKey },
    KUBELET_CLIENT_FLAGS,
  );
}
