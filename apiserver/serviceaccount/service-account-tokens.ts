// Turns the apiserver's service-account flags into the token issuer's keys and
// names, or into none when no signing key is given (then nothing issues or
// accepts tokens).
import type { Logger } from '../../client/logger.js';
import type { ApiServerConfig } from '../config.js';
import { loadSigningKeys } from './signing-keys.js';
import type { TokenIssuerOptions } from './token-issuer.js';

type TokenFlags = Pick<ApiServerConfig, 'serviceAccountSigningKeyFile' | 'serviceAccountKeyFiles' | 'serviceAccountIssuers' | 'apiAudiences'>;

export async function serviceAccountTokenOptions(config: TokenFlags, log: Logger, now: () => number = Date.now): Promise<TokenIssuerOptions | undefined> {
  if (!config.serviceAccountSigningKeyFile) {
    if (config.serviceAccountKeyFiles.length > 0) throw new Error('--service-account-key-file needs --service-account-signing-key-file: this apiserver verifies only what it can sign');
    log.warn('no --service-account-signing-key-file: ServiceAccount tokens are neither issued nor accepted');
    return undefined;
  }
  const keys = await loadSigningKeys(config.serviceAccountSigningKeyFile, config.serviceAccountKeyFiles);
  log.info({ issuer: config.serviceAccountIssuers[0], audiences: config.apiAudiences, keys: keys.verifying.length }, 'service-account tokens enabled');
  return {
    issuers: config.serviceAccountIssuers,
    audiences: config.apiAudiences,
    signingKey: keys.signing,
    verifyingKeys: keys.verifying,
    now,
  };
}
