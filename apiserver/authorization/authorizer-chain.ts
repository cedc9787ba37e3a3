// Several authorizers asked in turn, as kube-apiserver's
// --authorization-mode=Node,RBAC: the first that allows decides; when none
// does, the request is refused with every reason they gave.
import { NO_OPINION, type Attributes, type Authorizer, type Decision } from './attributes.js';

export class AuthorizerChain implements Authorizer {
  constructor(private readonly authorizers: readonly Authorizer[]) {}

  authorize(attrs: Attributes): Decision {
    const reasons: string[] = [];
    for (const authorizer of this.authorizers) {
      const decision = authorizer.authorize(attrs);
      if (decision.allowed) return decision;
      if (decision.reason) reasons.push(decision.reason);
    }
    return reasons.length === 0 ? NO_OPINION : { allowed: false, reason: reasons.join(', ') };
  }
}
