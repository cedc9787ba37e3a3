// The authorizer of a port that opens before its authorizer is ready (RBAC
// fills its caches through the apiserver's own gRPC port). Until then only
// system:masters - the loopback client among them - gets through.
import { ALLOW, SYSTEM_MASTERS, type Attributes, type Authorizer, type Decision } from './attributes.js';

const STARTING: Decision = Object.freeze({ allowed: false, reason: 'the authorizer is still starting' });

export class DeferredAuthorizer implements Authorizer {
  private target: Authorizer | undefined;

  ready(target: Authorizer): void {
    this.target = target;
  }

  authorize(attrs: Attributes): Decision {
    if (this.target) return this.target.authorize(attrs);
    return attrs.user.groups.includes(SYSTEM_MASTERS) ? ALLOW : STARTING;
  }
}
