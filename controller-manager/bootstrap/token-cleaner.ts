// The tokencleaner controller: deletes bootstrap token Secrets in kube-system
// once their expiration has passed, as kube-controller-manager's. A token
// whose expiration cannot be read is left alone (the authenticator already
// refuses it); one that expires later is looked at again when it does.
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  EXPIRATION_KEY,
  parseExpiration,
  SECRET_TYPE_BOOTSTRAP_TOKEN,
} from '../../api/bootstrap-token/bootstrap-token.js';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Secret } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';

/** When a token Secret expires (ms), or undefined when it is not a bootstrap token or never expires. */
export function tokenExpiresAtMs(secret: Secret): number | undefined {
  if (secret.type !== SECRET_TYPE_BOOTSTRAP_TOKEN || secret.metadata.namespace !== BOOTSTRAP_TOKEN_NAMESPACE) return undefined;
  const raw = secret.data?.[EXPIRATION_KEY];
  if (raw === undefined) return undefined;
  return parseExpiration(Buffer.from(raw, 'base64').toString('utf8'));
}

export class TokenCleaner extends QueueController {
  private readonly secrets: Informer<Secret>;
  private readonly clock: Clock;

  constructor(ctx: ControllerContext) {
    super(ctx, 'tokencleaner');
    this.clock = ctx.clock;
    this.secrets = ctx.factory.informerFor(resources.secrets);
    const enqueueToken = (secret: Secret): void => {
      if (secret.type === SECRET_TYPE_BOOTSTRAP_TOKEN && secret.metadata.namespace === BOOTSTRAP_TOKEN_NAMESPACE) this.enqueue(secret);
    };
    this.secrets.addEventHandler({ onAdd: enqueueToken, onUpdate: (_old, secret) => enqueueToken(secret) });
  }

  async sync(key: string): Promise<void> {
    const secret = this.secrets.store.getByKey(key);
    if (!secret || secret.metadata.deletionTimestamp) return;
    const expires = tokenExpiresAtMs(secret);
    if (expires === undefined) return;
    const left = expires - this.clock.now();
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    this.logger.info({ secret: secret.metadata.name }, 'deleting expired bootstrap token');
    try {
      // Only the Secret that was judged: a replacement under the same name gets its own look.
      await this.ctx.client.delete(resources.secrets, BOOTSTRAP_TOKEN_NAMESPACE, secret.metadata.name ?? '', { preconditions: { uid: secret.metadata.uid } });
    } catch (err) {
      if (isApiError(err, 'NotFound') || isApiError(err, 'Conflict')) return;
      throw err;
    }
  }
}
