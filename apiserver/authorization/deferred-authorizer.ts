// The authorizer of a port that opens before its authorizer is ready (RBAC
// fills its caches after the ports are bound). Until then only system:masters
// gets through.
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
