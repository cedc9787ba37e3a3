// The apiserver's health port follows its secure port: with a serving
// certificate and a client CA it speaks HTTPS with the same certificate,
// /healthz, /livez and /readyz open and /metrics for client certificates of
// that CA (kube-apiserver serves /metrics on its secure port alone). A
// certificate without a client CA keeps the port plain: nobody could
// authenticate to read /metrics there.
import { loadServingTls, type ServingTls } from '../client/serving-tls.js';
import type { ApiServerConfig } from './config.js';

export function healthPortTls(config: Pick<ApiServerConfig, 'tlsCertFile' | 'tlsPrivateKeyFile' | 'clientCaFile'>): Promise<ServingTls | undefined> {
  if (!config.tlsCertFile || !config.tlsPrivateKeyFile || !config.clientCaFile) return Promise.resolve(undefined);
  return loadServingTls(config);
}
