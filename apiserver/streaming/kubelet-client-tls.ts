// How the apiserver reaches agents: plaintext without the kubelet-client
// flags, else TLS with its own client certificate, checking each agent's
// serving certificate against the given CA (never skipping the check, as
// kube-apiserver does without --kubelet-certificate-authority).
import type { AgentClientTls } from '../../client/agent-streaming-client.js';
import { readPem } from '../../client/serving-tls.js';

export interface KubeletClientFiles {
  kubeletClientCertificate: string;
  kubeletClientKey: string;
  kubeletCertificateAuthority: string;
}

export function wantsKubeletClientTls(files: KubeletClientFiles): boolean {
  const given = [files.kubeletClientCertificate, files.kubeletClientKey, files.kubeletCertificateAuthority].filter(Boolean).length;
  if (given === 0) return false;
  if (given === 3) return true;
  throw new Error(
    '--kubelet-client-certificate, --kubelet-client-key and --kubelet-certificate-authority go together: agents with TLS need both the certificate and a CA to check theirs',
  );
}

export async function loadKubeletClientTls(files: KubeletClientFiles): Promise<AgentClientTls | undefined> {
  if (!wantsKubeletClientTls(files)) return undefined;
  const [cert, key, ca] = await Promise.all([
    readPem('--kubelet-client-certificate', files.kubeletClientCertificate),
    readPem('--kubelet-client-key', files.kubeletClientKey),
    readPem('--kubelet-certificate-authority', files.kubeletCertificateAuthority),
  ]);
  return { cert, key, ca };
}
